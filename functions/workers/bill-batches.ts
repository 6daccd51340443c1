import { logger } from '#runtime/logger.ts';
import { processBillBatches } from '#use-cases/bills/process-bill-batches.ts';

/** The Lambda's timeout (`routing/workers.ts`) less a margin to save the chunk in hand. */
const BUDGET_MS = 240_000;

/**
 * Lambda entry point of the batch worker: run by the table's stream when a batch is stored (at
 * once, in AWS) and every minute (locally, and to resume a run that ran out of time). Whatever
 * woke it, it works every pending batch; the lease keeps two runs off one batch.
 */
export async function handler(): Promise<{ batches: number; items: number }> {
  const result = await processBillBatches({ budgetMs: BUDGET_MS });
  if (result.batches > 0) logger.info('bill batches processed', { ...result });
  return result;
}
