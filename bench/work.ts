/**
 * What one operation asked of DynamoDB, captured from the calls it really made (bench/capture.ts),
 * and the comparison of two such records that bench/harness.ts bases its refusals on.
 */

/** Rounds for print. */
const r2 = (value: number) => Math.round(value * 100) / 100;

/** What one operation asked of DynamoDB, per operation (averaged when captured over several). */
export interface Work {
  /** API calls made (a retried call counts once). */
  calls: number;
  /** Longest chain of calls each starting after the previous one ended: what a caller waits for. */
  roundTrips: number;
  /** Items named by reads (keys of GetItem, BatchGetItem, TransactGetItems; items a Query returned). */
  itemsRead: number;
  /** Items written (Put, Update, Delete, alone, in a batch or in a transaction). */
  itemsWritten: number;
  /** Condition expressions DynamoDB evaluated (conditioned writes and ConditionChecks). */
  conditions: number;
  /** Read capacity units consumed (ReturnConsumedCapacity TOTAL). */
  rcu: number;
  /** Write capacity units consumed. */
  wcu: number;
  /** Calls that failed (a cancelled transaction, a failed condition): a side that failed did not do the work. */
  failed: number;
  /** Calls by API operation (`TransactWriteItems: 1`). */
  operations: Record<string, number>;
}

/** The fields compared, in the order a refusal lists them. */
const COMPARED = ['calls', 'roundTrips', 'itemsRead', 'itemsWritten', 'conditions', 'rcu', 'wcu'] as const;

const LABEL: Record<(typeof COMPARED)[number], string> = {
  calls: 'calls',
  roundTrips: 'round trips',
  itemsRead: 'items read',
  itemsWritten: 'items written',
  conditions: 'conditions',
  rcu: 'RCU',
  wcu: 'WCU',
};

/** What the baseline did less of than ours (empty when it did at least the same work). */
export function shortfalls(ours: Work, baseline: Work): string[] {
  const missing: string[] = [];
  // Capacity units are fractional sums: equal work may differ in the last binary digit.
  const epsilon = 1e-9;
  for (const field of COMPARED) {
    if (baseline[field] + epsilon < ours[field])
      missing.push(`${LABEL[field]} ${r2(baseline[field])} < ${r2(ours[field])}`);
  }
  if (baseline.failed > 0) missing.push(`${baseline.failed} failed calls`);
  return missing;
}

/** `2 calls (BatchGetItem 1, PutItem 1), 1 round trip, 3 items read, 1 written, 1 condition, 1.5 RCU, 1 WCU`. */
export function describeWork(work: Work): string {
  const operations = Object.entries(work.operations)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name} ${r2(n)}`)
    .join(', ');
  return (
    `${r2(work.calls)} calls (${operations}), ${r2(work.roundTrips)} round trips, ` +
    `${r2(work.itemsRead)} items read, ${r2(work.itemsWritten)} written, ` +
    `${r2(work.conditions)} conditions, ${r2(work.rcu)} RCU, ${r2(work.wcu)} WCU`
  );
}

/** The per-operation average of several captured operations. */
export function averageWork(works: readonly Work[]): Work {
  if (works.length === 0) throw new Error('averageWork: no operation was captured');
  const sum = (pick: (work: Work) => number) =>
    works.reduce((total, work) => total + pick(work), 0) / works.length;
  const operations: Record<string, number> = {};
  for (const work of works)
    for (const [name, n] of Object.entries(work.operations))
      operations[name] = (operations[name] ?? 0) + n / works.length;
  return {
    calls: sum((w) => w.calls),
    roundTrips: sum((w) => w.roundTrips),
    itemsRead: sum((w) => w.itemsRead),
    itemsWritten: sum((w) => w.itemsWritten),
    conditions: sum((w) => w.conditions),
    rcu: sum((w) => w.rcu),
    wcu: sum((w) => w.wcu),
    failed: sum((w) => w.failed),
    operations,
  };
}

/** The fields that rank one operation's work above another's, most telling first. */
const RANKED = ['calls', 'roundTrips', 'itemsWritten', 'conditions', 'itemsRead', 'wcu', 'rcu'] as const;

/**
 * The index of the operation that did the most work (more calls first, then round trips, items,
 * conditions, capacity): the one a replayed baseline copies, so that it is never lighter than
 * the average of ours.
 */
export function heaviest(works: readonly Work[]): number {
  if (works.length === 0) throw new Error('heaviest: no operation was captured');
  let best = 0;
  for (let i = 1; i < works.length; i++) {
    for (const field of RANKED) {
      if (works[i]![field] === works[best]![field]) continue;
      if (works[i]![field] > works[best]![field]) best = i;
      break;
    }
  }
  return best;
}
