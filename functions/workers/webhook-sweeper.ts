import { sweepDeliveries } from '#use-cases/webhooks/sweep-deliveries.ts';

const graceMs = Number(process.env.WEBHOOK_SWEEP_GRACE_MS ?? 60_000);

/** Lambda entry point, every minute: puts back on the queue the pending deliveries it lost. */
export async function handler(): Promise<{ requeued: number }> {
  return { requeued: await sweepDeliveries({ graceMs }) };
}
