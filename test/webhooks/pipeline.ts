import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { publishEvent } from '../../functions/store/events.ts';
import { type RunningWebhookPipeline, startWebhookPipeline } from '../../local/webhook-pipeline.ts';

/**
 * The local webhook pipeline for this test file (DynamoDB Local's stream, fauxqs, the worker
 * modules), dispatching only the events of the clients this file registers, as the stream
 * trigger's filter would: other files share the engine. Set the `WEBHOOK_*` configuration
 * before calling it (the workers read it when first loaded).
 */
export function usePipeline(options: { sweepEveryMs?: number; readers?: number } = {}) {
  const clients = new Set<string>();
  const consumer = `test-${randomUUID()}`;
  const state = {
    clients,
    /** This file's stream consumer: its kept positions are `STREAMPOS#<consumer>` items. */
    consumer,
    pipeline: undefined as RunningWebhookPipeline | undefined,
    /** Stops everything (the queue engine included) and starts it again on the same port. */
    async restart(whileDown: () => Promise<void> = async () => {}) {
      const port = state.pipeline!.queuePort;
      await state.pipeline!.stop();
      await whileDown();
      state.pipeline = await start(port);
    },
  };
  const start = (queuePort?: number) =>
    startWebhookPipeline({
      consumer,
      ...(queuePort ? { queuePort } : {}),
      sweepEveryMs: options.sweepEveryMs ?? 500,
      readers: options.readers ?? 4,
      acceptClient: (clientId) => clients.has(clientId),
      log: () => {},
    });
  beforeAll(async () => {
    state.pipeline = await start();
  });
  afterAll(async () => {
    await state.pipeline?.stop();
  });
  return state;
}

/** Writes `count` events for a client through the outbox (the same write the producers make). */
export async function publish(clientId: string, count: number, type = 'payment.status_changed' as const) {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - start) }, (_, index) =>
        publishEvent({
          clientId,
          type,
          resourceId: `dp-test-${start + index}`,
          sequence: 1,
          data: { DomesticPaymentId: `dp-test-${start + index}`, Status: 'AcceptedSettlementCompleted' },
        }),
      ),
    );
    ids.push(...batch.map((event) => event.eventId));
  }
  return ids;
}
