/**
 * The ledger's write path: double-entry postings (and, in `holds.ts`, holds) on DynamoDB.
 *
 * Design (why it is built this way):
 * - Every business operation is ONE `TransactWriteItems`: both account updates, both ledger
 *   entries, the posting, and the caller's `extraWrites` (idempotency completion, event,
 *   consent or payment status). Either all of it is written or none.
 * - DynamoDB conditions cannot do arithmetic (`balance - held >= amount - overdraftLimit` is
 *   not expressible) and a transaction cannot return updated values, so an exact
 *   `balanceAfter` needs the balance before. Hence optimistic concurrency: one consistent
 *   `BatchGetItem` reads both accounts, the pure planner (`#domain/ledger/transfer.ts`) checks
 *   status and funds and computes the new balances, and each account update is conditioned
 *   on `version = <version read>`. A lost race re-plans from the item the cancellation returns
 *   (`ALL_OLD`) and retries with jittered backoff; after 16 attempts it gives up with a
 *   retryable 409 having written nothing. Uncontended, a payment costs 3 calls: claim the
 *   idempotency key, read, write.
 * - Entries of one account are booked strictly after its `lastBookedAt`, so the sort key
 *   `TX#<bookedAt>#<entryId>` orders them as applied even across skewed clocks, and the
 *   latest entry's `balanceAfter` is the balance.
 * - A hot account (every writer on one account, e.g. a single funding or collection account)
 *   serialises: roughly one posting per read-and-write round trip on it. Seed from it one
 *   posting at a time. The bank's hot internal accounts (NAPAS clearing, ATM cash) are sharded
 *   instead (`#domain/ledger/shards.ts`, `./shards.ts`): their side is an unconditioned add on
 *   one shard, never read, so only the customer's side is read and version-checked.
 */
import type { AccountState } from '#domain/ledger/accounts.ts';
import { ConcurrentModificationError, type LedgerSide } from '#domain/ledger/errors.ts';
import {
  planTransfer,
  type ShardTarget,
  type TransferInstruction,
  type TransferPlan,
} from '#domain/ledger/transfer.ts';
import {
  backoff,
  type ExtraWrite,
  extraItems,
  MAX_ATTEMPTS,
  type RoledItem,
  writeAtomically,
} from '../transact.ts';
import { readLedgerState } from './accounts.ts';
import { shardTargetOf } from './shards.ts';
import { accountUpdate, entryPut, postingPut, shardEntryPut, shardUpdate } from './writes.ts';

export interface LedgerWriteOptions {
  /** Written in the same transaction; if any condition fails, nothing is written. */
  extraWrites?: readonly ExtraWrite[];
  /** The clock (tests freeze or skew it). */
  now?: () => Date;
  maxAttempts?: number;
  /**
   * The debit already happened outside the ledger (cash dispensed after its hold was released):
   * booked even beyond the overdraft limit and on a disabled account.
   */
  forceDebit?: boolean;
  /** Money going back to its owner (a reversal): the credit account may be disabled. */
  creditMayBeDisabled?: boolean;
  /**
   * The accounts as the caller already read them, strongly consistent (e.g. with the consent,
   * in the request's first round trip): the first attempt plans from them instead of reading,
   * when they hold every account to read (`undefined`: read, and absent). A lost race replans
   * from what the cancellation returned, as always.
   */
  accountsRead?: ReadonlyMap<string, AccountState | undefined>;
}

/** One side of a booked transfer (a sharded side has no balance after, and names its shard). */
interface BookedSide {
  accountId: string;
  entryId: string;
  balanceAfter?: number;
  version?: number;
  shard?: number;
}

/** What {@link postTransfer} booked. */
export interface TransferResult {
  postingId: string;
  bookedAt: string;
  /** Business day (Vietnam time) of the posting. */
  day: string;
  amount: number;
  debit: BookedSide;
  credit: BookedSide;
  /** Attempts it took (1 unless other writers touched the same accounts). */
  attempts: number;
}

/** The items a planned transfer writes: both account (or shard) updates, both entries, the posting. */
export function transferItems(
  plan: TransferPlan,
  options: { debitRequiresEnabled: boolean; creditRequiresEnabled?: boolean },
): RoledItem[] {
  const side = (change: TransferPlan['debit'], name: LedgerSide, requireEnabled: boolean): RoledItem[] =>
    change.kind === 'shard'
      ? [shardUpdate(change), shardEntryPut(change.entry)]
      : [accountUpdate(change, name, { requireEnabled, bookedAt: plan.bookedAt }), entryPut(change.entry)];
  return [
    ...side(plan.debit, 'debit', options.debitRequiresEnabled),
    ...side(plan.credit, 'credit', options.creditRequiresEnabled ?? true),
    postingPut(plan.posting, plan.day),
  ];
}

/** The result a booked plan gives its caller. */
export function bookedResult(plan: TransferPlan, attempts: number): TransferResult {
  const side = (change: TransferPlan['debit']): BookedSide =>
    change.kind === 'shard'
      ? { accountId: change.accountId, entryId: change.entry.entryId, shard: change.shard }
      : {
          accountId: change.accountId,
          entryId: change.entry.entryId,
          balanceAfter: change.balance,
          version: change.version,
        };
  return {
    postingId: plan.postingId,
    bookedAt: plan.bookedAt,
    day: plan.day,
    amount: plan.posting.amount,
    debit: side(plan.debit),
    credit: side(plan.credit),
    attempts,
  };
}

/** Each side as the planner takes it: a sharded account's target, or the account as read. */
export function planningSides(
  instruction: Pick<TransferInstruction, 'debit' | 'credit'>,
  accounts: Map<string, AccountState>,
): { debit: AccountState | ShardTarget | undefined; credit: AccountState | ShardTarget | undefined } {
  const { debit, credit } = instruction;
  return {
    debit: shardTargetOf(debit) ?? accounts.get(debit.accountId),
    credit: shardTargetOf(credit) ?? accounts.get(credit.accountId),
  };
}

/** The accounts of a posting that must be read: every side that is not sharded. */
export function accountsToRead(instruction: Pick<TransferInstruction, 'debit' | 'credit'>): string[] {
  return [instruction.debit, instruction.credit]
    .filter((side) => !shardTargetOf(side))
    .map((side) => side.accountId);
}

/**
 * Books a transfer in one `TransactWriteItems`: both accounts (conditioned on the version
 * read, and on being `Enabled`), both ledger entries with exact running balances, the
 * posting (indexed by day), and the caller's `extraWrites`, all or nothing. A sharded side
 * (`./shards.ts`) is not read: it is an unconditioned add on one shard with its entry.
 *
 * Optimistic concurrency: one consistent `BatchGetItem` reads both accounts, the pure
 * planner checks funds and computes `balanceAfter`, and the write succeeds only if neither
 * account moved meanwhile; otherwise it replans from the accounts the cancellation returned
 * and retries with jittered backoff. Two DynamoDB calls when uncontended (one when the caller
 * passes the accounts it read, `accountsRead`), one per retry.
 *
 * @throws InsufficientFundsError, AccountNotFoundError, AccountDisabledError (nothing written)
 * @throws ConcurrentModificationError after `maxAttempts` lost races (retryable)
 * @throws the extra write's `onConditionFailed` error, or ExtraWriteConditionError
 */
export async function postTransfer(
  instruction: TransferInstruction,
  options: LedgerWriteOptions = {},
): Promise<TransferResult> {
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const ids = accountsToRead(instruction);
  let accounts = alreadyRead(ids, options.accountsRead);
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    accounts ??= (await readLedgerState(ids)).accounts;
    const plan = planTransfer(instruction, planningSides(instruction, accounts), {
      now: now(),
      ...(options.forceDebit ? { forceDebit: true } : {}),
      ...(options.creditMayBeDisabled ? { creditMayBeDisabled: true } : {}),
    });
    const retry = await writeAtomically([
      ...transferItems(plan, {
        debitRequiresEnabled: !options.forceDebit,
        creditRequiresEnabled: !options.creditMayBeDisabled,
      }),
      ...extraItems(options.extraWrites),
    ]);
    if (!retry) return bookedResult(plan, attempt);
    // Replan from the state the failed write returned: one call per retry instead of two.
    if (retry.reread) {
      accounts = undefined;
    } else {
      for (const [id, current] of retry.fresh) setOrDelete(accounts, id, current as AccountState | undefined);
    }
    await backoff(attempt);
  }
  throw new ConcurrentModificationError(maxAttempts);
}

/** The accounts read before, if they cover every id (those found; an absent one stays absent). */
function alreadyRead(
  ids: string[],
  read: ReadonlyMap<string, AccountState | undefined> | undefined,
): Map<string, AccountState> | undefined {
  if (!read || !ids.every((id) => read.has(id))) return undefined;
  const found = new Map<string, AccountState>();
  for (const id of ids) {
    const account = read.get(id);
    if (account) found.set(id, account);
  }
  return found;
}

function setOrDelete<V>(map: Map<string, V>, key: string, value: V | undefined): void {
  if (value === undefined) map.delete(key);
  else map.set(key, value);
}
