import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntryItem } from '../../functions/domain/ledger/entities.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';

/** A namespace of its own for each test file, so sandbox datasets in the shared table never meet. */
export function testNamespace(): string {
  return `t${randomUUID().replaceAll('-', '').slice(0, 10)}`;
}

/** Every ledger entry of an account, oldest first, as stored. */
export async function storedEntries(accountId: string): Promise<LedgerEntryItem[]> {
  const entries: LedgerEntryItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tx)',
        ExpressionAttributeValues: { ':pk': `ACCOUNT#${accountId}`, ':tx': 'TX#' },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      const { pk: _pk, sk: _sk, ...entry } = item;
      entries.push(entry as LedgerEntryItem);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return entries;
}
