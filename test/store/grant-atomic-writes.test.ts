import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { withWritesAtomicToGrant } from '../../functions/store/atomic-context.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { DynamoOidcAdapter } from '../../functions/store/oidc-adapter.ts';
import type { TransactItem } from '../../functions/store/transact.ts';

const grants = new DynamoOidcAdapter('Grant');

/** A put of a marker item, optionally only if it does not exist yet. */
function markerPut(pk: string, onlyIfNew = false): TransactItem {
  return {
    Put: {
      TableName: mainTableName(),
      Item: { pk, sk: 'MARKER' },
      ...(onlyIfNew ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  };
}

async function markerExists(pk: string): Promise<boolean> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: { pk, sk: 'MARKER' }, ConsistentRead: true }),
  );
  return Item !== undefined;
}

const grantPayload = (id: string) => ({ jti: id, kind: 'Grant', clientId: 'c1' });

describe('writes atomic to a grant, on DynamoDB Local', () => {
  it('are written with the grant they wait for, each with its own when two are saved at once', async () => {
    // Prepare: two grants saved at once, each waiting with its own write
    const [first, second] = [randomUUID(), randomUUID()];
    const [firstMarker, secondMarker] = [`T#${randomUUID()}`, `T#${randomUUID()}`];

    // Act
    await Promise.all([
      withWritesAtomicToGrant(first, [markerPut(firstMarker)], () =>
        grants.upsert(first, grantPayload(first), 60),
      ),
      withWritesAtomicToGrant(second, [markerPut(secondMarker)], () =>
        grants.upsert(second, grantPayload(second), 60),
      ),
    ]);

    // Assess
    expect(await grants.find(first)).toMatchObject({ jti: first });
    expect(await grants.find(second)).toMatchObject({ jti: second });
    expect([await markerExists(firstMarker), await markerExists(secondMarker)]).toEqual([true, true]);
  });

  it('leave neither the grant nor the writes behind when one write is refused; another grant saved meanwhile stands', async () => {
    // Prepare: a write whose condition fails (its item exists already)
    const [grantId, bystander] = [randomUUID(), randomUUID()];
    const taken = `T#${randomUUID()}`;
    const fresh = `T#${randomUUID()}`;
    await documents.send(new PutCommand({ TableName: mainTableName(), Item: { pk: taken, sk: 'MARKER' } }));

    // Act: another grant is saved during the work, then the grant the writes wait for
    const saving = withWritesAtomicToGrant(grantId, [markerPut(fresh), markerPut(taken, true)], async () => {
      await grants.upsert(bystander, grantPayload(bystander), 60);
      await grants.upsert(grantId, grantPayload(grantId), 60);
    });

    // Assess
    await expect(saving).rejects.toMatchObject({ name: 'TransactionCanceledException' });
    expect(await grants.find(grantId)).toBeUndefined();
    expect(await markerExists(fresh)).toBe(false);
    expect(await grants.find(bystander)).toMatchObject({ jti: bystander });
  });

  it('are taken once: saving the grant again after the work writes the grant alone', async () => {
    // Prepare
    const grantId = randomUUID();
    const marker = `T#${randomUUID()}`;
    await withWritesAtomicToGrant(grantId, [markerPut(marker, true)], () =>
      grants.upsert(grantId, grantPayload(grantId), 60),
    );

    // Act: the provider saves the same grant again (a later token exchange), outside the work
    await grants.upsert(grantId, { ...grantPayload(grantId), clientId: 'c2' }, 60);

    // Assess: no second put of the marker, whose condition would have cancelled this save
    expect(await grants.find(grantId)).toMatchObject({ clientId: 'c2' });
    expect(await markerExists(marker)).toBe(true);
  });
});
