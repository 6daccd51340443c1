import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { DeliveryMessage } from '#domain/webhooks/delivery.ts';
import { logger } from '#runtime/logger.ts';
import { DeliveryBatch, deliverWebhook, deliveryConfigFrom } from '#use-cases/webhooks/deliver-webhook.ts';

const config = deliveryConfigFrom(process.env);

/**
 * Lambda entry point on the delivery queue: each message is one attempt. Retries are
 * scheduled by the use case in DynamoDB; a message fails here (and SQS redelivers it, then
 * dead-letters it) only when the worker itself could not record what happened.
 */
export async function handler(event: SQSEvent): Promise<SQSBatchResponse> {
  const batch = new DeliveryBatch(event.Records.length);
  const results = await Promise.allSettled(
    event.Records.map(async (record) => {
      let message: DeliveryMessage;
      try {
        message = JSON.parse(record.body) as DeliveryMessage;
      } catch (error) {
        batch.skip(); // the rest of the batch does not wait for this one's attempt
        throw error;
      }
      return deliverWebhook(message, config, batch);
    }),
  );
  const batchItemFailures = results.flatMap((result, index) => {
    if (result.status === 'fulfilled') return [];
    logger.error('webhook delivery failed', { error: result.reason as Error });
    return [{ itemIdentifier: event.Records[index]!.messageId }];
  });
  return { batchItemFailures };
}
