import { AsyncLocalStorage } from 'node:async_hooks';
import type { TransactItem } from './transact.ts';

const pending = new AsyncLocalStorage<TransactItem[]>();

/**
 * Runs `work` so that the next grant the authorization server saves is written in one
 * DynamoDB transaction together with `writes` (e.g. a consent becoming Authorised):
 * either both happen or neither does.
 */
export function withWritesAtomicToGrant<T>(writes: TransactItem[], work: () => Promise<T>): Promise<T> {
  return pending.run([...writes], work);
}

/** The writes waiting to join the grant's transaction, taken once. */
export function takePendingGrantWrites(): TransactItem[] {
  const writes = pending.getStore();
  if (!writes?.length) return [];
  return writes.splice(0, writes.length);
}
