import { beforeAll, describe, expect, it } from 'vitest';
import { deliveriesSince } from '../../functions/store/webhooks/deliveries.ts';
import { useGateway } from '../helpers/gateway.ts';
import { Partner } from './partner.ts';
import { publish, usePipeline } from './pipeline.ts';
import { Receiver } from './receiver.ts';

// A fast retry schedule, long enough that a 30 % failure rate never exhausts a round
// (21 attempts: 0.3^21 ≈ 1e-11 per event), each wait a second or less.
process.env.WEBHOOK_RETRY_DELAYS_MS = [200, 400, 800, ...Array(17).fill(1000)].join(',');
process.env.WEBHOOK_TIMEOUT_MS = '5000';
// Nothing is lost here: the sweeper, which only repairs, keeps its production-like grace.
process.env.WEBHOOK_SWEEP_GRACE_MS = '30000';

const EVENTS = 1_000;
const FAILURE_RATE = 0.3;

const api = useGateway();
const webhooks = usePipeline({ sweepEveryMs: 2_000 });

/** The value `read` gives once `done` holds (or the last one after `timeoutMs`). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('a flaky receiver', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    return () => receiver.close();
  });

  it(`fails ${FAILURE_RATE * 100} % of requests at random, yet gets all ${EVENTS} events, each counted once by its webhook-id`, {
    timeout: 180_000,
  }, async () => {
    // Prepare
    const partner = await Partner.register(api.url);
    webhooks.clients.add(partner.clientId);
    const endpoint = await partner.endpoint(receiver.url);
    receiver.secrets.push(endpoint.Secret);
    let refused = 0;
    receiver.answer = () => {
      if (Math.random() >= FAILURE_RATE) return { status: 200 };
      refused++;
      return { status: 503 };
    };
    // Act: committed through the outbox, read from the table's stream, queued, posted.
    const ids = await publish(partner.clientId, EVENTS);
    await receiver.until(
      () => receiver.unique.size >= EVENTS,
      150_000,
      `${EVENTS} distinct deliveries (${receiver.unique.size} so far)`,
    );
    // Assess
    expect(receiver.forged).toBe(0);
    expect(new Set(receiver.unique.keys())).toEqual(new Set(ids));
    // Failures really happened, and each was retried under the same webhook-id.
    expect(refused).toBeGreaterThan(EVENTS * FAILURE_RATE * 0.7);
    expect(receiver.requests.length).toBe(EVENTS + refused);
    const sentTo = new Map<string, number>();
    for (const request of receiver.requests) sentTo.set(request.id, (sentTo.get(request.id) ?? 0) + 1);
    expect([...sentTo.values()].filter((times) => times > 1).length).toBeGreaterThan(EVENTS * 0.2);
    // DynamoDB, the truth, says the same: every delivery Delivered, after its failed attempts.
    const stored = await eventually(
      async () => {
        const found = [];
        for await (const page of deliveriesSince(endpoint.WebhookEndpointId)) found.push(...page);
        return found;
      },
      (found) => found.length === EVENTS && found.every((delivery) => delivery.status === 'Delivered'),
    );
    expect(stored.filter((delivery) => delivery.status !== 'Delivered')).toEqual([]);
    expect(stored).toHaveLength(EVENTS);
    expect(stored.reduce((sum, delivery) => sum + delivery.attempts, 0)).toBe(receiver.requests.length);
  });
});
