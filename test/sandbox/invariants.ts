import { expect } from 'vitest';
import type { LedgerEntryItem } from '../../functions/domain/ledger/entities.ts';
import type { GeneratedAccount } from '../../functions/domain/sandbox/dataset.ts';

/** Asserts the ledger rules every seeded account obeys; shared by the generator and storage tests. */
export function expectConsistentLedger(
  account: GeneratedAccount['account'],
  entries: LedgerEntryItem[],
): void {
  expect(entries.length).toBeGreaterThan(0);
  expect(entries[0]!.creditDebit).toBe('Credit');
  let running = 0;
  for (const entry of entries) {
    expect(entry.accountId).toBe(account.accountId);
    expect(Number.isInteger(entry.amount) && entry.amount > 0).toBe(true);
    running += entry.creditDebit === 'Credit' ? entry.amount : -entry.amount;
    expect(entry.balanceAfter).toBe(running);
    expect(entry.balanceAfter).toBeGreaterThanOrEqual(0);
  }
  expect(account.balance).toBe(running);
  expect(account.held).toBe(0);
  expect(account.version).toBe(0);
  expect(account.overdraftLimit).toBe(0);
  // The stored order (sort key TX#<bookedAt>#<entryId>) is the booking order.
  const sortKeys = entries.map((entry) => `TX#${entry.bookedAt}#${entry.entryId}`);
  expect([...sortKeys].sort()).toEqual(sortKeys);
}
