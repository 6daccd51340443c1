import { messageOf } from '#domain/webhooks/delivery.ts';
import { enqueueDeliveries, MAX_QUEUE_DELAY_MS, queueBacklog } from '#queues/webhook-queue.ts';
import { listDueDeliveries, postponeSweep } from '#store/webhooks/deliveries.ts';

/** At most this many deliveries are put back per sweep (the next sweep takes the rest). */
const SWEEP_LIMIT = 1_000;

/**
 * Puts back on the queue every pending delivery that has been due for `graceMs` or longer
 * (15 minutes while the queue has a backlog):
 * what a restarted queue lost, what a crashed worker left in flight, and waits longer than
 * SQS can delay. DynamoDB is the truth; duplicates are harmless (each attempt is claimed once),
 * and bounded: a delivery put back is not looked at again for another `graceMs`, then twice that,
 * and so on (a queue that is only behind is not flooded with copies of what it holds).
 */
export async function sweepDeliveries(options: {
  now?: Date;
  graceMs: number;
  /** Which clients' deliveries to sweep (all by default; a test's pipeline keeps to its own). */
  accept?: (clientId: string) => boolean;
}): Promise<number> {
  const now = options.now ?? new Date();
  // While deliveries wait on the queue the workers are behind, not short of messages: what is
  // due is most likely waiting there, and a copy would only add to the wait. Then only what is
  // overdue by more than SQS's longest delay is put back (the queue-age alarm fires before that).
  const graceMs =
    (await queueBacklog()) > 0 ? Math.max(options.graceMs, MAX_QUEUE_DELAY_MS) : options.graceMs;
  const accept = options.accept ?? (() => true);
  const due = (await listDueDeliveries(new Date(now.getTime() - graceMs), SWEEP_LIMIT)).filter((delivery) =>
    accept(delivery.clientId),
  );
  // Each goes back on the queue once per window, each window twice the last: its place in
  // the due index moves on first.
  const postponed = await Promise.all(
    due.map(async (delivery) => ((await postponeSweep(delivery, now, options.graceMs)) ? [delivery] : [])),
  );
  const requeued = postponed.flat().map(messageOf);
  await enqueueDeliveries(requeued);
  return requeued.length;
}
