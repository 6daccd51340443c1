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
  const items = await getAll(
    [...new Set(billIds)].map((billId) => keys.bill(billId)),
    'billId, clientId, #reference, payerName',
    { '#reference': 'reference' },
  );
  return new Map(
    items.map((item) => [
      item.billId as string,
      {
        clientId: item.clientId as string,
        reference: item.reference as string,
        payerName: item.payerName as string,
      },
    ]),
  );
}

/**
 * The bill ids the partner's own references name (`Reference` → `BillId`), through the partner's
 * reference index: a payment initiation names its bill by the partner's reference, and its
 * ledger entries carry that reference. References naming no bill of this partner are left out.
 */
export async function billIdsByPartnerReference(
  clientId: string,
  references: readonly string[],
): Promise<Map<string, string>> {
  const items = await getAll(
    [...new Set(references)].map((reference) => keys.billReference(clientId, reference)),
    'pk, billId',
  );
  const prefix = keys.billReference(clientId, '').pk;
  return new Map(items.map((item) => [String(item.pk).slice(prefix.length), item.billId as string]));
}

/** BatchGetItem over any number of keys, a hundred at a time, retrying unprocessed keys with backoff. */
async function getAll(
  itemKeys: readonly Record<string, unknown>[],
  projection: string,
  names?: Record<string, string>,
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_LIMIT) {
    let request: Record<string, unknown>[] | undefined = itemKeys.slice(start, start + BATCH_GET_LIMIT);
    for (let attempt = 0; request?.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const answer = await documents.send(
        new BatchGetCommand({
          RequestItems: {
            [mainTableName()]: {
              Keys: request,
              ProjectionExpression: projection,
              ...(names ? { ExpressionAttributeNames: names } : {}),
            },
          },
        }),
      );
      found.push(...(answer.Responses?.[mainTableName()] ?? []));
      request = answer.UnprocessedKeys?.[mainTableName()]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}
