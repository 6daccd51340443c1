import { randomUUID } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { UNBOUNDED_OVERDRAFT } from '#domain/ledger/accounts.ts';
import type { AccountItem, LedgerEntryItem, PostingItem } from '#domain/ledger/entities.ts';
import { MAX_SHARDS } from '#domain/ledger/shards.ts';
import { documents, mainTableName } from '#store/client.ts';
import { keys } from '#store/keys.ts';
import { getAccount, openAccount, readItems } from '#store/ledger/accounts.ts';
import { readShardedBalance } from '#store/ledger/shards.ts';
import { postTransfer } from '#store/ledger/transfer.ts';

/** A fresh id, so each test file writes only its own keys in the shared table. */
export function testId(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** Opens a customer-style account (no overdraft unless given) with a zero balance. */
export async function openTestAccount(
  accountId: string,
  options: { overdraftLimit?: number; status?: 'Enabled' | 'Disabled' } = {},
): Promise<AccountItem> {
  return openAccount({
    accountId,
    ownerId: `owner-${accountId}`,
    ownerKind: 'customer',
    bankBin: '970415',
    accountNumber: accountId.replace(/\D/g, '').slice(0, 19) || '1',
    name: 'NGUYEN VAN TEST',
    accountType: 'Personal',
    accountSubType: 'CurrentAccount',
    currency: 'VND',
    status: options.status ?? 'Enabled',
    overdraftLimit: options.overdraftLimit ?? 0,
  });
}

/**
 * A test-local stand-in for `bank-sandbox-funding`: unbounded overdraft, so the sum over it
 * and the accounts it funded is zero whatever else shares the table.
 */
export async function openFundingAccount(): Promise<string> {
  const id = testId('funding');
  await openTestAccount(id, { overdraftLimit: UNBOUNDED_OVERDRAFT });
  return id;
}

/** Moves `amount` from the funding account to `accountId`. */
export async function fund(fundingId: string, accountId: string, amount: number): Promise<void> {
  await postTransfer({
    kind: 'sandbox-funding',
    amount,
    debit: { accountId: fundingId, description: 'Cap von thu nghiem' },
    credit: { accountId, description: 'Nap tien thu nghiem' },
  });
}

/**
 * Funds every account with `amount`, from several test-local funding accounts working in
 * parallel (one funding account would be a hot account, and contention is not the point here).
 * Returns the funding accounts: they belong in every conservation sum.
 */
export async function fundAll(accountIds: string[], amount: number, perFunder = 5): Promise<string[]> {
  const groups = Array.from({ length: Math.ceil(accountIds.length / perFunder) }, (_, i) =>
    accountIds.slice(i * perFunder, (i + 1) * perFunder),
  );
  return Promise.all(
    groups.map(async (group) => {
      const funding = await openFundingAccount();
      for (const accountId of group) await fund(funding, accountId, amount);
      return funding;
    }),
  );
}

/** Postings by id, a hundred per BatchGetItem. */
export async function getPostings(postingIds: string[]): Promise<PostingItem[]> {
  const chunks = Array.from({ length: Math.ceil(postingIds.length / 100) }, (_, i) =>
    postingIds.slice(i * 100, (i + 1) * 100),
  );
  const found = await Promise.all(chunks.map((chunk) => readItems(chunk.map((id) => keys.posting(id)))));
  return found.flatMap((map) => [...map.values()]) as unknown as PostingItem[];
}

/** Every ledger entry of an account, oldest first (sort-key order). */
export async function ledgerHistory(accountId: string): Promise<LedgerEntryItem[]> {
  const entries: LedgerEntryItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tx)',
        ExpressionAttributeValues: { ':pk': keys.account(accountId).pk, ':tx': 'TX#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    entries.push(...((page.Items ?? []) as LedgerEntryItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return entries;
}

/** Every ledger entry booked on one shard of a sharded account, oldest first. */
async function shardHistory(accountId: string, shard: number): Promise<LedgerEntryItem[]> {
  const entries: LedgerEntryItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :tx)',
        ExpressionAttributeValues: { ':pk': keys.accountShard(accountId, shard).pk, ':tx': 'TX#' },
        ConsistentRead: true,
        ExclusiveStartKey: start,
      }),
    );
    entries.push(...((page.Items ?? []) as LedgerEntryItem[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return entries;
}

/** Every entry of a possibly sharded account: its own, then each shard's. */
export async function shardedHistory(accountId: string): Promise<(LedgerEntryItem & { shard?: number })[]> {
  const shards = await Promise.all(
    Array.from({ length: MAX_SHARDS }, (_, shard) => shardHistory(accountId, shard)),
  );
  return [...(await ledgerHistory(accountId)), ...shards.flat()];
}

/** Reads of a sharded account's books before {@link shardedProblems} checks one that may be torn. */
const BOOK_READS = 6;

/** A sharded account's balances, then every shard's entries. */
async function readShardedBooks(accountId: string) {
  const balances = await readShardedBalance(accountId);
  const entries = await Promise.all(
    Array.from({ length: MAX_SHARDS }, (_, shard) => shardHistory(accountId, shard)),
  );
  return { balances, entries };
}

/** The books as of two consecutive reads that agree (or, after {@link BOOK_READS}, the last read). */
async function settledShardedBooks(accountId: string) {
  let books = await readShardedBooks(accountId);
  for (let read = 2; read <= BOOK_READS; read++) {
    const again = await readShardedBooks(accountId);
    const agree =
      again.balances.shardBalances.every(
        (balance, shard) => balance === books.balances.shardBalances[shard],
      ) && again.entries.every((entries, shard) => entries.length === books.entries[shard]!.length);
    books = again;
    if (agree) break;
    // Postings come in bursts (a file's withdrawals): a pause lets one pass.
    await new Promise((resolve) => setTimeout(resolve, 25 * read));
  }
  return books;
}

/**
 * Checks a sharded account's books: every shard's balance is the sum of its entries (they carry
 * no running balance), and the account's consistent balance is its own plus every shard's.
 * The balances and the entries are separate reads, and a bank account is shared by every test
 * file, so another file's posting landing between them (or committing meanwhile, the engine
 * showing its items one by one) would look like a problem: the books are checked once two
 * consecutive reads agree.
 */
export async function shardedProblems(accountId: string): Promise<string[]> {
  const { balances: read, entries } = await settledShardedBooks(accountId);
  const problems: string[] = [];
  for (const [shard, shardEntries] of entries.entries()) {
    const sum = shardEntries.reduce(
      (total, e) => total + (e.creditDebit === 'Credit' ? e.amount : -e.amount),
      0,
    );
    if (sum !== read.shardBalances[shard])
      problems.push(`${accountId} shard ${shard}: balance ${read.shardBalances[shard]}, entries sum ${sum}`);
    for (const entry of shardEntries)
      if (entry.balanceAfter !== undefined) problems.push(`${entry.entryId} on a shard has a balanceAfter`);
  }
  const total = read.accountBalance + read.shardBalances.reduce((a, b) => a + b, 0);
  if (total !== read.balance)
    problems.push(`${accountId}: balance ${read.balance} is not its parts' sum ${total}`);
  return problems;
}

export async function getPosting(postingId: string): Promise<PostingItem | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.posting(postingId), ConsistentRead: true }),
  );
  return Item as PostingItem | undefined;
}

/** Current balance and held of each account. */
export async function balancesOf(
  accountIds: string[],
): Promise<Map<string, { balance: number; held: number }>> {
  const accounts = await Promise.all(accountIds.map((id) => getAccount(id)));
  return new Map(
    accounts.map((a, i) => [accountIds[i]!, { balance: a?.balance ?? Number.NaN, held: a?.held ?? 0 }]),
  );
}

/**
 * Checks an account's history explains its balance: each entry's running balance follows
 * from the previous one, and the last equals the stored balance. Returns the problems found.
 */
export function historyProblems(account: AccountItem, history: LedgerEntryItem[]): string[] {
  const problems: string[] = [];
  let running = 0;
  for (const entry of history) {
    running += entry.creditDebit === 'Credit' ? entry.amount : -entry.amount;
    if (entry.balanceAfter !== running) {
      problems.push(
        `${account.accountId} ${entry.entryId}: balanceAfter ${entry.balanceAfter}, history says ${running}`,
      );
    }
  }
  if (running !== account.balance)
    problems.push(`${account.accountId}: balance ${account.balance}, history sums ${running}`);
  const last = history.at(-1);
  if (last && last.balanceAfter !== account.balance) {
    problems.push(
      `${account.accountId}: latest balanceAfter ${last.balanceAfter} ≠ balance ${account.balance}`,
    );
  }
  return problems;
}

/** Runs `tasks` with at most `limit` in flight. */
export async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

/** `.catch(failed)`: the error a call failed with, awaited at once so no rejection is left unhandled. */
export function failed(error: unknown): unknown {
  return error;
}
