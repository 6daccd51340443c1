import {
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { DeliveryMessage } from '#domain/webhooks/delivery.ts';

/**
 * The webhook delivery queue (SQS in AWS; an SQS-compatible engine locally, reached through
 * the SDK's standard `AWS_ENDPOINT_URL_SQS`). It carries only which delivery to look at:
 * DynamoDB holds every delivery's state, so a lost message costs a sweep, never an event.
 */
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

/** SQS's longest message delay; longer waits are left to the sweeper, which reads DynamoDB. */
export const MAX_QUEUE_DELAY_MS = 900_000;

function queueUrl(name: 'WEBHOOK_QUEUE_URL' | 'WEBHOOK_DEAD_LETTER_QUEUE_URL'): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set`);
  return url;
}

/** Puts a delivery on the queue, visible after `delayMs` (at most 15 minutes). */
export async function enqueueDelivery(message: DeliveryMessage, delayMs = 0): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl('WEBHOOK_QUEUE_URL'),
      MessageBody: JSON.stringify(message),
      DelaySeconds: Math.min(Math.ceil(delayMs / 1000), MAX_QUEUE_DELAY_MS / 1000),
    }),
  );
}

/** SQS's most messages in one `SendMessageBatch`. */
const SEND_BATCH = 10;

/**
 * Puts deliveries on the queue, due now, ten to a request (a dispatched stream batch is many
 * deliveries at once: one round trip per ten, not per one). Throws if any entry was refused.
 */
export async function enqueueDeliveries(messages: readonly DeliveryMessage[]): Promise<void> {
  const batches: DeliveryMessage[][] = [];
  for (let start = 0; start < messages.length; start += SEND_BATCH) {
    batches.push(messages.slice(start, start + SEND_BATCH));
  }
  await Promise.all(
    batches.map(async (batch) => {
      const { Failed = [] } = await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl('WEBHOOK_QUEUE_URL'),
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(message),
          })),
        }),
      );
      if (Failed.length > 0) {
        throw new Error(
          `the queue refused ${Failed.length} deliveries: ${Failed[0]!.Message ?? Failed[0]!.Code}`,
        );
      }
    }),
  );
}

/** Parks an exhausted delivery on the dead-letter queue, for operators (DynamoDB records it `Failed`). */
export async function deadLetterDelivery(message: DeliveryMessage & { reason: string }): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl('WEBHOOK_DEAD_LETTER_QUEUE_URL'),
      MessageBody: JSON.stringify(message),
    }),
  );
}

/**
 * How many deliveries wait on the queue for a worker (visible: neither delayed nor being
 * processed). Above zero, the workers are behind: a due delivery is most likely among them.
 */
export async function queueBacklog(): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl('WEBHOOK_QUEUE_URL'),
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}
