import { randomUUID } from 'node:crypto';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { rememberProofJti } from '../../functions/store/dpop-replay.ts';
import { PK } from '../../functions/store/keys.ts';

describe('the DPoP replay grant', () => {
  it('names the partition-key prefix the store really writes replay records under', async () => {
    // Prepare
    const jkt = `cdk-${randomUUID()}`;
    const jti = randomUUID();

    // Act
    await rememberProofJti(jkt, jti, 60);

    // Assess
    const keys: string[] = [];
    const pages = paginateScan(
      { client: documents },
      {
        TableName: mainTableName(),
        FilterExpression: 'contains(pk, :jti)',
        ExpressionAttributeValues: { ':jti': jti },
        ProjectionExpression: 'pk',
      },
    );
    for await (const page of pages) keys.push(...(page.Items ?? []).map((item) => item.pk as string));
    expect(keys).toHaveLength(1);
    expect(keys[0]!.startsWith(PK.dpopProof)).toBe(true);
  });
});
