import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../functions/store/events.ts';
import { useResolver } from '../../functions/use-cases/webhooks/destination.ts';
import { useGateway } from '../helpers/gateway.ts';
import { PUBLIC_ADDRESS } from './names.ts';
import { Partner } from './partner.ts';
import { publish, usePipeline } from './pipeline.ts';
import { Receiver, verifiesAsymmetric } from './receiver.ts';

// Fast retries (4 attempts a round); an endpoint failing for 1.5 s counts as failing for "5 days".
process.env.WEBHOOK_RETRY_DELAYS_MS = '200,300,400';
process.env.WEBHOOK_TIMEOUT_MS = '3000';
process.env.WEBHOOK_SWEEP_GRACE_MS = '1500';
process.env.WEBHOOK_DISABLE_AFTER_MS = '1500';

const api = useGateway();
const webhooks = usePipeline();

/** Where the test resolver sends `rebind.example`: public at registration, private later. */
let rebindTo = PUBLIC_ADDRESS;
useResolver(async (host) => {
  if (host === 'rebind.example') return [{ address: rebindTo, family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
});

describe('webhook answers, rotation and the SSRF guard at send', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    return () => receiver.close();
  });

  async function subscribed(path = '/hooks') {
    const partner = await Partner.register(api.url);
    webhooks.clients.add(partner.clientId);
    const endpoint = await partner.endpoint(receiver.url.replace('/hooks', path));
    receiver.secrets.push(endpoint.Secret);
    return { partner, id: endpoint.WebhookEndpointId, secret: endpoint.Secret };
  }

  const attempts = async (partner: Partner, id: string) =>
    (await partner.call('GET', `/v1/webhook-endpoints/${id}/attempts?pageSize=200`)).json.Data.Attempt as {
      EventId: string;
      Outcome: string;
      ResponseStatusCode?: number;
      Error?: string;
    }[];

  async function eventually<T>(
    read: () => Promise<T>,
    done: (value: T) => boolean,
    timeoutMs = 20_000,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value) || Date.now() > deadline) return value;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('refuses an attempts cursor whose time is not as the list writes it (1,100 digits would make a key over its limit)', async () => {
    // Prepare
    const { partner, id } = await subscribed();
    const cursor = Buffer.from(`2026-12-03T${'1'.repeat(1_100)}Z#evt_${'a'.repeat(32)}#001`).toString(
      'base64url',
    );
    // Act
    const refused = await partner.call('GET', `/v1/webhook-endpoints/${id}/attempts?page=${cursor}`);
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.Errors).toEqual([
      expect.objectContaining({ ErrorCode: 'VN.OB.Paging.InvalidCursor', Path: 'page' }),
    ]);
  });

  it('a 410 disables the endpoint at once: no retry, and the attempt says Gone', async () => {
    // Prepare
    const { partner, id } = await subscribed('/gone');
    receiver.answer = (request) => (request.data.DomesticPaymentId ? { status: 410 } : { status: 200 });
    // Act
    const [eventId] = await publish(partner.clientId, 1);
    const endpoint = await eventually(
      async () => (await partner.get(id)).json.Data,
      (data) => data.Disabled,
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Assess
    expect(endpoint).toMatchObject({ Disabled: true, DisabledReason: 'Gone' });
    expect(receiver.count(eventId!)).toBe(1);
    expect(await attempts(partner, id)).toMatchObject([
      { EventId: eventId, Outcome: 'Gone', ResponseStatusCode: 410 },
    ]);
    receiver.answer = () => ({ status: 200 });
  }, 120_000);

  it('a redirect is a failure, never followed (not even to the metadata address); replay sends it again', async () => {
    // Prepare
    const { partner, id } = await subscribed('/moved');
    let redirecting = true;
    receiver.answer = (request) =>
      redirecting && request.data.DomesticPaymentId
        ? { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } }
        : { status: 200 };
    // Act
    const [eventId] = await publish(partner.clientId, 1);
    // The round ends after 4 attempts, or sooner once this file's 1.5 s rule has disabled the
    // endpoint: the attempt that finds it disabled sends nothing and is the last.
    const failed = await eventually(
      () => attempts(partner, id),
      (list) => list.length >= 4 || list.some((attempt) => attempt.Error?.includes('disabled')),
      60_000,
    );
    redirecting = false;
    // This file's 1.5 s "failing too long" rule may already have disabled the endpoint when the
    // machine is slow; re-enabling it (which clears its failure record) is what a partner does
    // before a replay, and the disable rule has its own test below.
    const enabled = await partner.patch(id, { Disabled: false });
    const replayed = await partner.call('POST', `/v1/webhook-endpoints/${id}/replay`, {
      Data: { Include: 'Failed' },
    });
    await receiver.until(() => receiver.unique.has(eventId!));
    // Assess
    // Every attempt that reached the receiver got its 302 and failed; once the endpoint had been
    // failing longer than this file's 1.5 s, the rest failed without a send (endpoint disabled).
    const sent = failed.filter((attempt) => attempt.ResponseStatusCode !== undefined);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.every((attempt) => attempt.Outcome === 'Failed' && attempt.ResponseStatusCode === 302)).toBe(
      true,
    );
    expect(failed.every((attempt) => attempt.Outcome === 'Failed')).toBe(true);
    expect(failed.length).toBeLessThanOrEqual(4);
    expect(failed.length === 4 || failed[0]!.Error?.includes('disabled')).toBe(true);
    expect(enabled.status).toBe(200);
    expect(replayed.status).toBe(202);
    expect(replayed.json.Data.Replayed).toBe(1);
    expect(await webhooks.pipeline!.deadLetters()).toBeGreaterThanOrEqual(1);
    receiver.answer = () => ({ status: 200 });
  }, 120_000);

  it('during a rotation both secrets sign: a receiver holding either one verifies every delivery', async () => {
    // Prepare
    const { partner, id, secret: old } = await subscribed('/rotating');
    const rotated = await partner.rotate(id);
    const fresh = rotated.json.Data.Secret as string;
    receiver.secrets.push(fresh);
    // Act
    const [eventId] = await publish(partner.clientId, 1);
    await receiver.until(() => receiver.unique.has(eventId!));
    // Assess
    const delivered = receiver.unique.get(eventId!)!;
    expect(delivered.signatures).toBe(2);
    expect(delivered.verifiedBy).toEqual(
      expect.arrayContaining([receiver.secrets.indexOf(old), receiver.secrets.indexOf(fresh)]),
    );
  });

  it('signs every delivery v1a too: a receiver holding only the public key published at a stable URL verifies it', async () => {
    // Prepare: the keys come from a public URL, with no token and no shared secret.
    const published = await fetch(`${api.url}/v1/webhook-signing-keys`);
    const keys = (await published.json()).Data.Key as { PublicKey: string; Algorithm: string }[];
    const { partner } = await subscribed('/asymmetric');
    receiver.publicKeys = keys.map((key) => key.PublicKey);
    // Act
    const [eventId] = await publish(partner.clientId, 1);
    await receiver.until(() => receiver.unique.has(eventId!));
    // Assess
    expect(published.status).toBe(200);
    expect(published.headers.get('cache-control')).toContain('public');
    expect(keys[0]).toMatchObject({ Algorithm: 'Ed25519', PublicKey: expect.stringMatching(/^whpk_/) });
    const delivered = receiver.unique.get(eventId!)!;
    expect(delivered.verifiedByPublicKey).toBe(true);
    // The same signature does not verify another body, nor with another key.
    const tampered = delivered.raw.body.replace('"type"', '"typ"');
    expect(verifiesAsymmetric(keys[0]!.PublicKey, delivered.raw.headers, tampered)).toBe(false);
    const stranger = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    const strangerKey = `whpk_${Buffer.from(stranger, 'base64url').toString('base64')}`;
    expect(verifiesAsymmetric(strangerKey, delivered.raw.headers, delivered.raw.body)).toBe(false);
  });

  it('checks the address again at every send: a name rebound to a private address gets nothing', async () => {
    // Prepare: registered while the name resolves to a public address.
    const partner = await Partner.register(api.url);
    webhooks.clients.add(partner.clientId);
    process.env.SANDBOX = '0';
    const created = await partner.create({
      Url: 'https://rebind.example/hooks',
      Events: ['payment.status_changed'],
    });
    process.env.SANDBOX = '1';
    const id = created.json.Data.WebhookEndpointId as string;
    rebindTo = '10.20.30.40';
    // Act
    await publish(partner.clientId, 1);
    const list = await eventually(
      () => attempts(partner, id),
      (found) => found.length > 0,
    );
    // Assess
    expect(created.status).toBe(201);
    expect(list[0]).toMatchObject({ Outcome: 'Failed' });
    expect(list[0]!.ResponseStatusCode).toBeUndefined();
    expect(list[0]!.Error).toContain('10.20.30.40');
  });

  it('an endpoint failing without a success for the configured time is disabled, and its owner told', async () => {
    // Prepare
    const { partner, id } = await subscribed('/down');
    receiver.answer = (request) => (request.data.DomesticPaymentId ? { status: 500 } : { status: 200 });
    // Act
    await publish(partner.clientId, 1);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await publish(partner.clientId, 1);
    const endpoint = await eventually(
      async () => (await partner.get(id)).json.Data,
      (data) => data.Disabled,
      60_000,
    );
    // Assess
    expect(endpoint).toMatchObject({ Disabled: true, DisabledReason: 'Failing' });
    const told = (await listEvents(partner.clientId, { settleMs: 0 })).events.filter(
      (event) => event.eventType === 'webhook_endpoint.disabled',
    );
    expect(told).toHaveLength(1);
    expect(told[0]!.data).toMatchObject({ WebhookEndpointId: id, DisabledReason: 'Failing' });
    receiver.answer = () => ({ status: 200 });
  }, 60_000);

  it.each(['1e2', '0x10', '12.0'])('refuses an attempts pageSize of %s: digits only', async (pageSize) => {
    // Prepare
    const { partner, id } = await subscribed();
    // Act
    const refused = await partner.call('GET', `/v1/webhook-endpoints/${id}/attempts?pageSize=${pageSize}`);
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.Errors[0].Path).toBe('pageSize');
  });

  it('refuses a test event to a disabled endpoint with a 409, and sends nothing', async () => {
    // Prepare
    const { partner, id } = await subscribed('/disabled-test');
    await partner.patch(id, { Disabled: true });
    const before = receiver.unique.size;
    // Act
    const refused = await partner.call('POST', `/sandbox/webhook-endpoints/${id}/test`);
    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json.Errors[0].Message).toContain('disabled');
    expect(receiver.unique.size).toBe(before);
  });

  it('sends a signed test event from the sandbox', async () => {
    // Prepare
    const { partner, id } = await subscribed('/test');
    // Act
    const sent = await partner.call('POST', `/sandbox/webhook-endpoints/${id}/test`);
    await receiver.until(() => receiver.unique.has(sent.json.Data.EventId));
    // Assess
    expect(sent.status).toBe(202);
    expect(receiver.unique.get(sent.json.Data.EventId)!.type).toBe('webhook_endpoint.test');
    expect(receiver.forged).toBe(0);
  });
});
