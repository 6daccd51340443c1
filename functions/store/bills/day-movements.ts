import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntryItem } from '#domain/ledger/entities.ts';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';

/** Queries of one partition return pages of this many entries (DynamoDB Local needs a `Limit`). */
const PAGE = 500;
const BATCH_GET_LIMIT = 100;

/**
 * Every ledger entry of an account booked in `[from, to)`, over its own item's partition and each
 * of its `shards` shard partitions (a sharded account's credits land on the shards, with no
 * running balance: its movements are the entries themselves). Strongly consistent reads.
 */
export async function entriesBookedBetween(
  accountId: string,
  shards: number,
  from: Date,
  to: Date,
): Promise<LedgerEntryItem[]> {
  // `TX#<bookedAt>#<entryId>`: an entry booked at exactly `to` sorts after `TX#<to>` (its `#…`
  // tail), so BETWEEN is the half-open day.
  const lower = `TX#${from.toISOString()}`;
  const upper = `TX#${to.toISOString()}`;
  const partitions = [
    keys.account(accountId).pk,
    ...Array.from({ length: shards }, (_, shard) => keys.accountShard(accountId, shard).pk),
  ];
  const perPartition = await Promise.all(
    partitions.map(async (pk) => {
      const found: LedgerEntryItem[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new QueryCommand({
            TableName: mainTableName(),
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
            ExpressionAttributeValues: { ':pk': pk, ':lower': lower, ':upper': upper },
            ConsistentRead: true,
            ExclusiveStartKey: start,
            Limit: PAGE,
          }),
        );
        found.push(...((page.Items ?? []) as LedgerEntryItem[]));
        start = page.LastEvaluatedKey;
      } while (start);
      return found;
    }),
  );
  return perPartition.flat();
}

/** The partner's own reference and payer of each of these bills, by bill id (bills not found are left out). */
export async function billReferences(
  billIds: readonly string[],
): Promise<Map<string, { clientId: string; reference: string; payerName: string }>> {
  const found = new Map<string, { clientId: string; reference: string; payerName: string }>();
  const unique = [...new Set(billIds)];
  for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
    let request: Record<string, unknown>[] | undefined = unique
      .slice(start, start + BATCH_GET_LIMIT)
      .map((billId) => keys.bill(billId));
    for (let attempt = 0; request?.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const answer = await documents.send(
        new BatchGetCommand({
          RequestItems: {
            [mainTableName()]: {
              Keys: request,
              ProjectionExpression: 'billId, clientId, #reference, payerName',
              ExpressionAttributeNames: { '#reference': 'reference' },
            },
          },
        }),
      );
      for (const item of answer.Responses?.[mainTableName()] ?? []) {
        found.set(item.billId as string, {
          clientId: item.clientId as string,
          reference: item.reference as string,
          payerName: item.payerName as string,
        });
      }
      request = answer.UnprocessedKeys?.[mainTableName()]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}
