import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../functions/store/events.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { initiation, PayingFintech, payeeOf } from '../payments/fixtures.ts';
import { Partner } from './partner.ts';
import { publish, usePipeline } from './pipeline.ts';
import { Receiver } from './receiver.ts';

// A fast retry schedule (the default is Svix's, over 27 hours): about 25 s from first to last attempt.
process.env.WEBHOOK_RETRY_DELAYS_MS = '200,400,800,1600,3200,6400,6400,6400';
process.env.WEBHOOK_TIMEOUT_MS = '3000';
process.env.WEBHOOK_SWEEP_GRACE_MS = '1500';

const api = useGateway();
const webhooks = usePipeline();

describe('webhook delivery', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    return () => receiver.close();
  });
  afterEach(() => {
    expect(receiver.forged).toBe(0);
  });

  /** A partner with an endpoint on the loopback receiver, whose events this pipeline dispatches. */
  async function subscribed(events = ['payment.status_changed']) {
    const partner = await Partner.register(api.url);
    webhooks.clients.add(partner.clientId);
    const endpoint = await partner.endpoint(receiver.url, events);
    receiver.secrets.push(endpoint.Secret);
    return { partner, endpoint };
  }

  it('a payment delivers exactly its events, each signed and verified', async () => {
    // Prepare
    const [fintech, payer, payee]: [PayingFintech, TestCustomer, TestCustomer] = await Promise.all([
      PayingFintech.register(api.url),
      createCustomer([5_000_000]),
      createCustomer([0]),
    ]);
    webhooks.clients.add(fintech.clientId);
    const token = await fintech.clientToken();
    const created = await fintech.client.call(
      token,
      'POST',
      '/v1/webhook-endpoints',
      {
        Data: { Url: receiver.url, Events: ['payment.status_changed'] },
      },
      { 'x-idempotency-key': crypto.randomUUID() },
    );
    receiver.secrets.push(created.json.Data.Secret);
    const {
      consentId,
      token: customerToken,
      initiation: init,
    } = await fintech.authorisedConsent(payer, initiation(payeeOf(payee), '150000'));
    // Act
    const paid = await fintech.pay(customerToken, consentId, init);
    // Assess
    expect(paid.status).toBe(201);
    const paymentId = paid.json.Data.DomesticPaymentId as string;
    const expected = (await listEvents(fintech.clientId, { settleMs: 0 })).events.filter(
      (event) => event.data.DomesticPaymentId === paymentId,
    );
    expect(expected.length).toBeGreaterThan(0);
    await receiver.until(() => expected.every((event) => receiver.unique.has(event.eventId)));
    const mine = receiver.requests.filter((request) => request.data.DomesticPaymentId === paymentId);
    expect(new Set(mine.map((request) => request.id))).toEqual(new Set(expected.map((e) => e.eventId)));
    const first = receiver.unique.get(expected[0]!.eventId)!;
    expect(first.type).toBe('payment.status_changed');
    expect(first.data).toMatchObject({ DomesticPaymentId: paymentId, Status: paid.json.Data.Status });
  });

  it('an outage loses nothing: 503s are retried until 200, duplicates share their webhook-id', async () => {
    // Prepare
    const { partner } = await subscribed();
    let down = true;
    receiver.answer = (request) =>
      request.data.DomesticPaymentId?.startsWith('dp-test') && down ? { status: 503 } : { status: 200 };
    // Act
    const ids = await publish(partner.clientId, 5);
    await receiver.until(
      () => ids.every((id) => receiver.count(id) >= 2),
      20_000,
      'two failed attempts each',
    );
    down = false;
    await receiver.until(() => ids.every((id) => receiver.unique.has(id)));
    // Assess
    for (const id of ids) {
      expect(receiver.count(id)).toBeGreaterThanOrEqual(3);
      expect(
        receiver.requests.filter((request) => request.id === id).every((r) => r.data.DomesticPaymentId),
      ).toBe(true);
    }
    receiver.answer = () => ({ status: 200 });
  });

  it('a restart of the platform, queue engine included, mid-outage loses nothing', async () => {
    // Prepare
    const { partner } = await subscribed();
    let down = true;
    const mine = new Set<string>();
    receiver.answer = (request) => (mine.has(request.id) && down ? { status: 503 } : { status: 200 });
    const before = await publish(partner.clientId, 5);
    for (const id of before) mine.add(id);
    await receiver.until(() => before.every((id) => receiver.count(id) >= 1), 20_000, 'a first attempt each');
    // Act: everything stops; events keep being committed while it is down; then it starts again.
    let during: string[] = [];
    await webhooks.restart(async () => {
      during = await publish(partner.clientId, 3);
      for (const id of during) mine.add(id);
    });
    down = false;
    // Assess
    await receiver.until(() => [...before, ...during].every((id) => receiver.unique.has(id)), 30_000);
    expect(receiver.unique.size).toBeGreaterThanOrEqual(8);
    receiver.answer = () => ({ status: 200 });
  });
});
