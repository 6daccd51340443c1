import type { DynamoDBStreamEvent } from 'aws-lambda';
import { openRegisteredCollectionAccounts } from '#use-cases/bills/open-registered-collection-accounts.ts';
import { dispatchStreamRecords } from '#use-cases/webhooks/dispatch-events.ts';

/**
 * Lambda entry point on the table's stream (events and client registrations): one delivery
 * per subscribed endpoint, and in sandbox a collection account for each new city partner
 * (one stream consumer for both, rather than another Lambda in a stack near its resource limit).
 */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  await Promise.all([dispatchStreamRecords(event.Records), openRegisteredCollectionAccounts(event.Records)]);
}
