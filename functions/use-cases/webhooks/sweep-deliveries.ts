import { messageOf } from '#domain/webhooks/delivery.ts';
import { enqueueDelivery } from '#queues/webhook-queue.ts';
import { listDueDeliveries, postponeSweep } from '#store/webhooks/deliveries.ts';

/** At most this many deliveries are put back per sweep (the next sweep takes the rest). */
const SWEEP_LIMIT = 1_000;

/**
 * Puts back on the queue every pending delivery that has been due for `graceMs` or longer:
 * what a restarted queue lost, what a crashed worker left in flight, and waits longer than
 * SQS can delay. DynamoDB is the truth; duplicates are harmless (each attempt is claimed once),
 * and bounded: a delivery put back is not looked at again for another `graceMs`.
 */
export async function sweepDeliveries(options: { now?: Date; graceMs: number }): Promise<number> {
  const now = options.now ?? new Date();
  const due = await listDueDeliveries(new Date(now.getTime() - options.graceMs), SWEEP_LIMIT);
  // Each goes back on the queue once per window: its place in the due index moves on first.
  const until = new Date(now.getTime() + options.graceMs);
  const requeued = await Promise.all(
    due.map(async (delivery) => {
      if (!(await postponeSweep(delivery, until))) return 0;
      await enqueueDelivery(messageOf(delivery));
      return 1;
    }),
  );
  return requeued.reduce<number>((sum, one) => sum + one, 0);
}
