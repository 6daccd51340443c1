import { logger } from '#runtime/logger.ts';
import {
  type SettlementResult,
  settleInterbankPayments,
} from '#use-cases/payments/settle-interbank-payments.ts';

/** Lambda entry point, run on a schedule (every minute): settles the due interbank payments. */
export async function handler(): Promise<SettlementResult> {
  const result = await settleInterbankPayments();
  if (result.completed + result.rejected + result.failed > 0)
    logger.info('interbank payments settled', { ...result });
  return result;
}
