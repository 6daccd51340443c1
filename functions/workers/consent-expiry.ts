import { logger } from '#runtime/logger.ts';
import { type ExpiryResult, expireConsents } from '#use-cases/consents/expire-consents.ts';

/** Lambda entry point, run on a schedule (every minute): records expired consents and tells their clients. */
export async function handler(): Promise<ExpiryResult> {
  const result = await expireConsents();
  if (result.expired + result.failed > 0) logger.info('consents expired', { ...result });
  return result;
}
