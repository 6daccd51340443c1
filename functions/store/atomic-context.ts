import type { TransactItem } from './transact.ts';

/**
 * Writes waiting to join a grant's transaction, by grant id. Keyed by the id rather than
 * carried in an AsyncLocalStorage: on Node 22 the first `AsyncLocalStorage.run` turns on
 * promise hooks for the rest of the process, a cost every later promise pays.
 */
const pending = new Map<string, TransactItem[]>();

/**
 * Runs `work` so that when the authorization server saves grant `grantId`, the grant is written
 * in one DynamoDB transaction together with `writes` (e.g. a consent becoming Authorised):
 * either both happen or neither does.
 */
export async function withWritesAtomicToGrant<T>(
  grantId: string,
  writes: TransactItem[],
  work: () => Promise<T>,
): Promise<T> {
  if (pending.has(grantId)) throw new Error(`grant ${grantId} already has writes waiting`);
  pending.set(grantId, [...writes]);
  try {
    return await work();
  } finally {
    pending.delete(grantId);
  }
}

/** The writes waiting to join grant `grantId`'s transaction, taken once. */
export function takePendingGrantWrites(grantId: string): TransactItem[] {
  const writes = pending.get(grantId);
  if (!writes) return [];
  pending.delete(grantId);
  return writes;
}
