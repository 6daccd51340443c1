import { logger } from '#runtime/logger.ts';
import { releaseExpiredHolds, type SweepResult } from '#use-cases/cash/release-expired-holds.ts';

/** Lambda entry point, run on a schedule (every minute): expires stale codes, releases stale holds. */
export async function handler(): Promise<SweepResult> {
  const result = await releaseExpiredHolds();
  if (result.expired + result.released + result.failed > 0) logger.info('cash sessions swept', { ...result });
  return result;
}
