import { messageOf } from '#domain/webhooks/delivery.ts';
import { enqueueDelivery } from '#queues/webhook-queue.ts';
import { listDueDeliveries } from '#store/webhooks/deliveries.ts';

/** At most this many deliveries are put back per sweep (the next sweep takes the rest). */
const SWEEP_LIMIT = 1_000;

/**
 * Puts back on the queue every pending delivery that has been due for `graceMs` or longer:
 * what a restarted queue lost, what a crashed worker left in flight, and waits longer than
 * SQS can delay. DynamoDB is the truth; duplicates are harmless (each attempt is claimed once).
 */
export async function sweepDeliveries(options: { now?: Date; graceMs: number }): Promise<number> {
  const now = options.now ?? new Date();
  const due = await listDueDeliveries(new Date(now.getTime() - options.graceMs), SWEEP_LIMIT);
  await Promise.all(due.map((delivery) => enqueueDelivery(messageOf(delivery))));
  return due.length;
}
