import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntryItem } from '#domain/ledger/entities.ts';
import { documents, mainTableName } from './client.ts';
import { keys } from './keys.ts';

export interface EntryPageRequest {
  accountId: string;
  /** Inclusive booking-time bounds, ISO UTC. */
  from: string;
  to: string;
  pageSize: number;
  /** Sort key of the last entry of the previous page (exclusive). */
  after?: string;
  direction?: 'Credit' | 'Debit';
}

export interface EntryPage {
  entries: LedgerEntryItem[];
  /** Sort key to continue after, when there are more entries. */
  next?: string;
}

/** Entries read per call when filtering by direction: well under DynamoDB's 1 MB a call. */
const FILTERED_READ = 1000;

/**
 * One page of an account's ledger, newest first, within a booking-time window. Paging
 * continues from the last returned key, so entries booked meanwhile (always newer) never
 * shift later pages: no duplicates, no gaps. The cost of a page does not depend on its depth;
 * filtered by direction, on how many entries of the other direction lie between its matches.
 */
export async function queryEntries(request: EntryPageRequest): Promise<EntryPage> {
  const entries: LedgerEntryItem[] = [];
  // A cursor bounds the key range instead of being an ExclusiveStartKey: DynamoDB (Local, at
  // least) pays for a start key in proportion to its depth, a range bound costs the same anywhere.
  // The bound is inclusive, so the cursor's own entry is dropped.
  const upper = request.after ?? keys.ledgerEntry(request.accountId, request.to, '~').sk;
  let startKey: Record<string, unknown> | undefined;
  let more = true;
  while (entries.length <= request.pageSize && more) {
    const page = await documents.send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': keys.account(request.accountId).pk,
          ':from': keys.ledgerEntry(request.accountId, request.from, '').sk,
          ':to': upper,
          ...(request.direction ? { ':direction': request.direction } : {}),
        },
        ...(request.direction ? { FilterExpression: 'creditDebit = :direction' } : {}),
        ScanIndexForward: false,
        // DynamoDB applies Limit before the filter: with one, read in large steps, or a page of
        // credits behind thousands of debits would cost a round trip per two entries.
        Limit: request.direction ? FILTERED_READ : request.pageSize + 2 - entries.length,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of (page.Items ?? []) as Array<LedgerEntryItem & { sk: string }>) {
      if (item.sk !== request.after) entries.push(item);
    }
    startKey = page.LastEvaluatedKey;
    more = Boolean(startKey);
  }
  if (entries.length <= request.pageSize) return { entries };
  const shown = entries.slice(0, request.pageSize);
  const last = shown[shown.length - 1]!;
  return { entries: shown, next: keys.ledgerEntry(last.accountId, last.bookedAt, last.entryId).sk };
}
