import type { DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#runtime/logger.ts';
import { syncUsagePlans } from '#use-cases/limits/sync-usage-plans.ts';

/**
 * Lambda entry point, fed by the table's stream (filtered to registered clients and operators'
 * limits): keeps each client's API key in the usage plan with its limits.
 */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  const applied = await syncUsagePlans(event.Records);
  if (applied > 0) logger.info('usage plans updated', { applied });
}
