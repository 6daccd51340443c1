import { logger } from '#runtime/logger.ts';
import { type BillSweepResult, sweepBills } from '#use-cases/bills/sweep-bills.ts';

/** Lambda entry point, run on a schedule (every minute): expires overdue bills, books pending refunds. */
export async function handler(): Promise<BillSweepResult> {
  const result = await sweepBills();
  if (result.expired + result.refunded + result.failed > 0) logger.info('bills swept', { ...result });
  return result;
}
