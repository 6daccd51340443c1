import type { Work } from '../../bench/work.ts';

/** A payment-shaped operation's DynamoDB work (a read of two accounts, then one conditioned transaction). */
export function work(overrides: Partial<Work> = {}): Work {
  return {
    calls: 2,
    roundTrips: 2,
    itemsRead: 3,
    itemsWritten: 7,
    conditions: 7,
    rcu: 1.5,
    wcu: 14,
    failed: 0,
    operations: { BatchGetItem: 1, TransactWriteItems: 1 },
    ...overrides,
  };
}
