import { bankAccounts } from './accounts.ts';

/**
 * Sharded accounts: an account many writers credit or debit at once (NAPAS clearing, ATM cash,
 * and any account a later feature names, e.g. a city's collection account) is spread over N
 * shard items beside its own account item. Such an account must have an unbounded overdraft
 * and always be open, because its writers never read it:
 *
 * - a posting adds its amount to ONE shard with an unconditioned `ADD` (no read, no version
 *   check), so concurrent writers never make each other retry; only the other side of the
 *   posting (a customer's account) is read and version-checked, and keeps exact running balances;
 * - which shard: the one the posting pins (`TransferSide.shard`: a reversal lands on the shard
 *   of the posting it reverses), otherwise a hash of the posting id (random ids: an even spread);
 * - the account's balance is its account item's balance (written before it was sharded, e.g.
 *   by the sandbox seed) plus the sum of its shards, read together in one `TransactGetItems`;
 * - an entry booked on a shard carries no `balanceAfter`: no writer knows the balance after its
 *   own add without serialising on it, which is what sharding avoids. Each shard's balance is
 *   the sum of its entries (and the account's, the sum over its shards): statements of a sharded
 *   account are reconstructed, not read off the entries.
 */

/** The most shards an account may have: its item and all shards fit one `TransactGetItems`. */
export const MAX_SHARDS = 32;

/** Shards of the bank's hot internal accounts unless configured otherwise (`BANK_ACCOUNT_SHARDS`). */
export const DEFAULT_BANK_ACCOUNT_SHARDS = 16;

/**
 * The bank's internal accounts that every payer of a kind writes to: sharded. The sandbox's
 * funding account too: every demo or test customer opened at once is funded from it.
 */
export const HOT_BANK_ACCOUNTS: readonly string[] = [
  bankAccounts.napasClearing,
  bankAccounts.atmCash,
  bankAccounts.sandboxFunding,
];

/**
 * A shard count from configuration: 0 (not sharded: read and version-checked like any account)
 * up to {@link MAX_SHARDS}; undefined for anything else.
 *
 * @example parseShardCount('16') // 16
 */
export function parseShardCount(value: string | undefined): number | undefined {
  if (value === undefined || !/^[0-9]{1,2}$/.test(value)) return undefined;
  const count = Number(value);
  return count <= MAX_SHARDS ? count : undefined;
}

/**
 * The shard a posting lands on: `pinned` when given (kept within range), otherwise a stable hash
 * of the posting id, so the same posting planned again lands on the same shard.
 *
 * @example shardFor('pst_dp-1', 16) // a number from 0 to 15, always the same for this id
 */
export function shardFor(postingId: string, shards: number, pinned?: number): number {
  if (pinned !== undefined) return ((pinned % shards) + shards) % shards;
  let hash = 2166136261;
  for (const char of postingId) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash % shards;
}
