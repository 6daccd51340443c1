import { type Bill, effectiveStatus, expiresAt } from '#domain/bills/bill.ts';
import { billStatusEvent } from '#domain/bills/events.ts';
import { logger } from '#runtime/logger.ts';
import {
  BillChanged,
  changeBill,
  getBill,
  listBillsToExpire,
  listPendingRefunds,
} from '#store/bills/bills.ts';
import { eventItem } from '#store/events.ts';
import { completeRefund } from './complete-refund.ts';

/** Bills and refunds handled per run; a larger backlog is finished by the next runs. */
const BATCH = 500;
const PARALLEL = 8;
/** A refund younger than this is still being booked by the payment that made it. */
const REFUND_GRACE_MS = 60_000;

export interface BillSweepResult {
  /** Unpaid bills past their last payable day, now stored `Expired` (with `bill.expired`). */
  expired: number;
  /** Automatic refunds left `Pending` by a failure after their payment, now booked. */
  refunded: number;
  /** Moved on meanwhile (paid, cancelled, refunded by another run): left as they are. */
  skipped: number;
  /** Could not be handled now (logged); the next run tries again. */
  failed: number;
}

/**
 * The bills worker: stores `Expired` (with its `bill.expired` event, in one transaction, guarded
 * on the bill as read so a racing payment wins or loses whole) for every unpaid bill past its
 * last payable day, and books automatic refunds a crash left `Pending`.
 */
export async function sweepBills(options: { now?: Date; limit?: number } = {}): Promise<BillSweepResult> {
  const now = options.now ?? new Date();
  const limit = options.limit ?? BATCH;
  const result: BillSweepResult = { expired: 0, refunded: 0, skipped: 0, failed: 0 };
  const [bills, refunds] = await Promise.all([
    listBillsToExpire(now, limit),
    listPendingRefunds(new Date(now.getTime() - REFUND_GRACE_MS), limit),
  ]);
  const tasks: (() => Promise<keyof BillSweepResult>)[] = [
    ...bills.map((bill) => () => expire(bill, now)),
    ...refunds.map((refund) => async () => {
      const bill = await getBill(refund.billId);
      if (!bill) return 'failed' as const;
      const done = await completeRefund(bill, refund, now);
      return done === refund ? ('skipped' as const) : ('refunded' as const);
    }),
  ];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, tasks.length) }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++]!;
        try {
          result[await task()]++;
        } catch (error) {
          logger.error('bill not swept', { error });
          result.failed++;
        }
      }
    }),
  );
  return result;
}

async function expire(bill: Bill, now: Date): Promise<keyof BillSweepResult> {
  if (bill.status !== 'Unpaid' || effectiveStatus(bill, now) !== 'Expired') return 'skipped';
  const expired: Bill = {
    ...bill,
    status: 'Expired',
    statusUpdatedAt: expiresAt(bill),
    version: bill.version + 1,
  };
  try {
    await changeBill(expired, bill.version, [eventItem(billStatusEvent(expired))]);
    return 'expired';
  } catch (error) {
    if (error instanceof BillChanged) return 'skipped';
    throw error;
  }
}
