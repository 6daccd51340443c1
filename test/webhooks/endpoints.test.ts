import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGateway } from '../helpers/gateway.ts';
import { answerTestNames } from './names.ts';
import { Partner } from './partner.ts';

const api = useGateway();
answerTestNames();

/** Runs `act` with the platform outside sandbox mode (https only, no loopback), as in production. */
async function outsideSandbox<T>(act: () => Promise<T>): Promise<T> {
  process.env.SANDBOX = '0';
  try {
    return await act();
  } finally {
    process.env.SANDBOX = '1';
  }
}

describe('webhook endpoints', () => {
  let partner: Partner;
  let other: Partner;

  beforeAll(async () => {
    [partner, other] = await Promise.all([Partner.register(api.url), Partner.register(api.url, 'cash')]);
  });

  it('registers, shows, lists, changes, rotates and deletes an endpoint; the secret only when issued', async () => {
    // Act
    const created = await partner.create({
      Url: 'https://fintech.example/hooks',
      Events: ['payment.status_changed'],
      Description: 'payments',
    });
    const id = created.json.Data.WebhookEndpointId as string;
    const shown = await partner.get(id);
    const listed = await partner.list();
    const changed = await partner.patch(id, {
      Events: ['payment.status_changed', 'bill.paid'],
      Disabled: true,
    });
    const rotated = await partner.rotate(id);
    const removed = await partner.remove(id);
    const gone = await partner.get(id);
    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${api.url}/v1/webhook-endpoints/${id}`);
    expect(created.json.Data).toMatchObject({
      Url: 'https://fintech.example/hooks',
      Events: ['payment.status_changed'],
      Description: 'payments',
      Disabled: false,
    });
    expect(created.json.Data.Secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(shown.status).toBe(200);
    expect(shown.json.Data.Secret).toBeUndefined();
    expect(shown.json.Data.WebhookEndpointId).toBe(id);
    expect(
      listed.json.Data.WebhookEndpoint.map((e: { WebhookEndpointId: string }) => e.WebhookEndpointId),
    ).toContain(id);
    expect(JSON.stringify(listed.json)).not.toContain('whsec_');
    expect(changed.json.Data).toMatchObject({
      Events: ['payment.status_changed', 'bill.paid'],
      Disabled: true,
      DisabledReason: 'Requested',
    });
    expect(rotated.status).toBe(200);
    expect(rotated.json.Data.Secret).toMatch(/^whsec_/);
    expect(rotated.json.Data.Secret).not.toBe(created.json.Data.Secret);
    expect(removed.status).toBe(204);
    expect(gone.status).toBe(404);
  });

  it('is idempotent: the same key and body register one endpoint', async () => {
    // Prepare
    const key = randomUUID();
    const data = { Url: 'https://fintech.example/once', Events: ['bill.paid'] };
    // Act
    const first = await partner.create(data, key);
    const again = await partner.create(data, key);
    const otherBody = await partner.create({ ...data, Url: 'https://fintech.example/twice' }, key);
    // Assess
    expect(again.json.Data.WebhookEndpointId).toBe(first.json.Data.WebhookEndpointId);
    expect(otherBody.status).toBe(400);
    expect(otherBody.json.Errors[0].ErrorCode).toBe('VN.OB.Idempotency.Mismatch');
    const urls = (await partner.list()).json.Data.WebhookEndpoint.map((e: { Url: string }) => e.Url);
    expect(urls.filter((url: string) => url === data.Url)).toHaveLength(1);
  });

  it('belongs to its client: another client neither sees nor changes it', async () => {
    // Prepare
    const { WebhookEndpointId: id } = await partner.endpoint('https://fintech.example/mine');
    // Act
    const seen = await other.get(id);
    const changed = await other.patch(id, { Url: 'https://attacker.example/' });
    const rotated = await other.rotate(id);
    const removed = await other.remove(id);
    const listed = await other.list();
    // Assess
    expect([seen.status, changed.status, rotated.status, removed.status]).toEqual([404, 404, 404, 404]);
    expect(JSON.stringify(listed.json)).not.toContain(id);
    expect((await partner.get(id)).json.Data.Url).toBe('https://fintech.example/mine');
  });

  it.each([
    [
      'an unknown event type',
      { Url: 'https://fintech.example/h', Events: ['payment.teleported'] },
      'Data.Events[0]',
    ],
    ['an empty event list', { Url: 'https://fintech.example/h', Events: [] }, 'Data.Events'],
    [
      'a URL with credentials',
      { Url: 'https://user:pw@fintech.example/h', Events: ['bill.paid'] },
      'Data.Url',
    ],
    ['a non-https URL', { Url: 'http://fintech.example/h', Events: ['bill.paid'] }, 'Data.Url'],
    ['a private URL', { Url: 'https://10.0.0.1/h', Events: ['bill.paid'] }, 'Data.Url'],
    ['the metadata address', { Url: 'http://169.254.169.254/latest', Events: ['bill.paid'] }, 'Data.Url'],
    ['loopback outside sandbox', { Url: 'https://[::1]/h', Events: ['bill.paid'] }, 'Data.Url'],
    ['a host resolving to loopback', { Url: 'https://localhost/h', Events: ['bill.paid'] }, 'Data.Url'],
    [
      'a host resolving to a private address',
      { Url: 'https://internal.example/h', Events: ['bill.paid'] },
      'Data.Url',
    ],
    [
      'a host with one private address among public ones',
      { Url: 'https://mixed.example/h', Events: ['bill.paid'] },
      'Data.Url',
    ],
    [
      'a URL over 2,048 characters',
      { Url: `https://fintech.example/${'a'.repeat(2030)}`, Events: ['bill.paid'] },
      'Data.Url',
    ],
    ['no URL', { Events: ['bill.paid'] }, 'Data.Url'],
    ['a URL ending in a space', { Url: 'https://fintech.example/h ', Events: ['bill.paid'] }, 'Data.Url'],
    ['port 0', { Url: 'https://fintech.example:0/h', Events: ['bill.paid'] }, 'Data.Url'],
    [
      'an IPv4-compatible IPv6 metadata address',
      { Url: 'https://[::a9fe:a9fe]/', Events: ['bill.paid'] },
      'Data.Url',
    ],
    [
      'a local-use NAT64 address',
      { Url: 'https://[64:ff9b:1::a9fe:a9fe]/', Events: ['bill.paid'] },
      'Data.Url',
    ],
    ['a 6to4 address', { Url: 'https://[2002:a9fe:a9fe::1]/', Events: ['bill.paid'] }, 'Data.Url'],
    [
      'a Teredo address',
      { Url: 'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', Events: ['bill.paid'] },
      'Data.Url',
    ],
  ])('refuses %s with a 400 naming the field, and stores nothing', async (_case, data, path) => {
    // Prepare
    const fresh = await Partner.register(api.url);
    // Act
    const answer = await outsideSandbox(() => fresh.create(data));
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.Errors.map((e: { Path: string }) => e.Path)).toContain(path);
    expect((await fresh.list()).json.Data.WebhookEndpoint).toEqual([]);
  });

  it('refuses a change to a private URL and keeps the endpoint as it was', async () => {
    // Prepare
    const { WebhookEndpointId: id } = await partner.endpoint('https://fintech.example/keep');
    // Act
    const changed = await outsideSandbox(() => partner.patch(id, { Url: 'https://192.168.1.10/' }));
    // Assess
    expect(changed.status).toBe(400);
    expect(changed.json.Errors[0].Path).toBe('Data.Url');
    expect((await partner.get(id)).json.Data.Url).toBe('https://fintech.example/keep');
  });

  it('stores an international host as the punycode name it calls, the form the contract says', async () => {
    // Act
    const created = await partner.create({ Url: 'https://Thanh-Toán.example/hooks', Events: ['bill.paid'] });
    // Assess
    expect(created.status).toBe(201);
    expect(created.json.Data.Url).toBe('https://xn--thanh-ton-71a.example/hooks');
    expect((await partner.get(created.json.Data.WebhookEndpointId)).json.Data.Url).toBe(
      created.json.Data.Url,
    );
  });

  it('takes loopback and plain http in sandbox, so a partner can test on its own machine', async () => {
    // Act
    const created = await partner.create({ Url: 'http://127.0.0.1:9/hooks', Events: ['bill.paid'] });
    // Assess
    expect(created.status).toBe(201);
  });
});
