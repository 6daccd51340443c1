import type { DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchStreamRecords } from '#use-cases/webhooks/dispatch-events.ts';

/** Lambda entry point on the table's stream (events only): one delivery per subscribed endpoint. */
export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  await dispatchStreamRecords(event.Records);
}
