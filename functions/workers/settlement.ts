import { logger } from '#runtime/logger.ts';
import {
  type SettlementResult,
  settleInterbankPayments,
} from '#use-cases/payments/settle-interbank-payments.ts';

/**
 * Lambda entry point, run on a schedule (every minute): settles the due interbank payments
 * through the deployment's connector (the simulator in sandbox; in live none until NAPAS 247 is
 * wired, so nothing is settled that the rail did not report).
 */
export async function handler(): Promise<SettlementResult> {
  const result = await settleInterbankPayments();
  if (result.completed + result.rejected + result.failed + result.pending > 0)
    logger.info('interbank payments settled', { ...result });
  return result;
}
