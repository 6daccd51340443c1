/**
 * The ledger store: double-entry postings and holds on DynamoDB.
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
 *   posting at a time.
 */
export {
  ensureBankAccount,
  ensureBankAccounts,
  getAccount,
  type NewAccount,
  openAccount,
} from './ledger/accounts.ts';
export {
  type PlaceHoldInput,
  type PlaceHoldResult,
  placeHold,
  type ReleaseHoldResult,
  releaseHold,
  type SettleHoldResult,
  settleHold,
} from './ledger/holds.ts';
export type { ExtraWrite, TransactItem } from './ledger/transact.ts';
export {
  type BookedSide,
  type LedgerWriteOptions,
  postTransfer,
  type TransferResult,
} from './ledger/transfer.ts';
