import { hash32 } from './random.ts';
import { pad } from './text.ts';

/**
 * Identifiers of sandbox data. They depend on the namespace and the customer's index only,
 * never on the seed or the reference date, so seeding more customers later, or again after an
 * interruption, rewrites the very same items. A namespace (tests) keeps datasets that share a
 * table apart: every id, username and account number differs between namespaces.
 */
/** How many account slots each customer has in the account-number space (three used, one spare). */
const SLOTS = 4;
const NUMBER_SPACE = 10_000_000_000n;

function idPrefix(namespace: string): string {
  return namespace === '' ? 'sbx' : namespace;
}

export const sandboxIds = {
  customer: (namespace: string, index: number) => `${idPrefix(namespace)}-c${pad(index, 6)}`,
  account: (namespace: string, index: number, slot: number) =>
    `${idPrefix(namespace)}-a${pad(index, 6)}-${slot + 1}`,
  heavyAccount: (namespace: string, count: number) => `${idPrefix(namespace)}-heavy-${count}`,
  entry: (accountId: string, seq: number, width = 5) => `${accountId}-e${pad(seq, width)}`,
  posting: (accountId: string, seq: number, width = 5) => `${accountId}-p${pad(seq, width)}`,
  /** Bank-internal accounts: fixed ids in the default sandbox (the payments code relies on them). */
  bankAccount: (namespace: string, id: string) => (namespace === '' ? id : `${namespace}-${id}`),
  /** Usernames are unique per namespace; other namespaces get a suffix so lookups never collide. */
  username: (namespace: string, base: string) => (namespace === '' ? base : `${base}.${namespace}`),
};

/**
 * A 12-digit VietinBank-style account number (`10` + 10 digits) for an account slot.
 * An affine map `x → (a·x + b) mod 10^10` with `a` coprime to 10 is a bijection, so distinct
 * slots never share a number, yet the numbers look random; `a` and `b` come from the namespace.
 */
export function sandboxAccountNumber(namespace: string, index: number, slot: number): string {
  return accountNumberOf(namespace, BigInt(index) * BigInt(SLOTS) + BigInt(slot));
}

/** Heavy benchmark accounts use the spare slot residue, so they never collide with customer accounts. */
export function heavyAccountNumber(namespace: string, count: number): string {
  const position = BigInt(count) % (NUMBER_SPACE / BigInt(SLOTS));
  return accountNumberOf(namespace, position * BigInt(SLOTS) + BigInt(SLOTS - 1));
}

function accountNumberOf(namespace: string, position: bigint): string {
  let a = BigInt(hash32(`${namespace}|a`)) * 10n + 3n; // ends in 3: never even, never a multiple of 5
  a %= NUMBER_SPACE;
  const b = (BigInt(hash32(`${namespace}|b`)) * 7919n) % NUMBER_SPACE;
  const value = (a * position + b) % NUMBER_SPACE;
  return `10${value.toString().padStart(10, '0')}`;
}
