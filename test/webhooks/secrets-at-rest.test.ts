import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from '../../functions/runtime/webhook-secret-sealing.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/keys.ts';
import { useGateway } from '../helpers/gateway.ts';
import { Partner } from './partner.ts';
import { publish, usePipeline } from './pipeline.ts';
import { Receiver } from './receiver.ts';

process.env.WEBHOOK_RETRY_DELAYS_MS = '200,400,800';
process.env.WEBHOOK_TIMEOUT_MS = '3000';

const api = useGateway();
const webhooks = usePipeline();

/** The endpoint's item exactly as DynamoDB holds it, as text. */
async function storedItem(clientId: string, endpointId: string): Promise<string> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.webhookEndpoint(clientId, endpointId) }),
  );
  return JSON.stringify(Item);
}

/** The idempotency record of a client's key exactly as DynamoDB holds it (undefined when none). */
async function storedRecord(clientId: string, key: string) {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.idempotency(clientId, key) }),
  );
  return Item;
}

/** The secret's key material, without its `whsec_` prefix: what must not be found at rest. */
const material = (secret: string) => secret.replace(/^whsec_/, '');

describe('webhook secrets at rest', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    return () => receiver.close();
  });

  it('stores an endpoint with its secret sealed, and still signs deliveries the receiver verifies', async () => {
    // Prepare
    const partner = await Partner.register(api.url);
    webhooks.clients.add(partner.clientId);
    // Act
    const { WebhookEndpointId: id, Secret: secret } = await partner.endpoint(receiver.url);
    receiver.secrets.push(secret);
    const stored = await storedItem(partner.clientId, id);
    const [eventId] = await publish(partner.clientId, 1);
    await receiver.until(() => receiver.unique.has(eventId!));
    // Assess
    expect(secret).toMatch(/^whsec_/);
    expect(stored).not.toContain(material(secret));
    expect(stored).toMatch(/"secret":"sealed:v1:/);
    expect(receiver.unique.get(eventId!)!.verifiedBy).toEqual([receiver.secrets.indexOf(secret)]);
    expect(receiver.forged).toBe(0);
  });

  it('seals a rotated secret too: neither secret is at rest, both sign during the overlap', async () => {
    // Prepare
    const partner = await Partner.register(api.url);
    webhooks.clients.add(partner.clientId);
    const { WebhookEndpointId: id, Secret: old } = await partner.endpoint(receiver.url);
    // Act
    const rotated = await partner.rotate(id);
    const fresh = rotated.json.Data.Secret as string;
    const stored = await storedItem(partner.clientId, id);
    receiver.secrets.push(old, fresh);
    const [eventId] = await publish(partner.clientId, 1);
    await receiver.until(() => receiver.unique.has(eventId!));
    // Assess
    expect(rotated.status).toBe(200);
    expect(stored).not.toContain(material(old));
    expect(stored).not.toContain(material(fresh));
    expect(stored.match(/sealed:v1:/g)).toHaveLength(2);
    expect(receiver.unique.get(eventId!)!.verifiedBy).toEqual(
      expect.arrayContaining([receiver.secrets.indexOf(old), receiver.secrets.indexOf(fresh)]),
    );
  });

  it('rotated three times, signs with the newest secret and the one it replaced only: never more than two', async () => {
    // Prepare
    const partner = await Partner.register(api.url);
    webhooks.clients.add(partner.clientId);
    const { WebhookEndpointId: id, Secret: first } = await partner.endpoint(receiver.url);
    // Act
    const issued: string[] = [first];
    for (let i = 0; i < 3; i++) issued.push((await partner.rotate(id)).json.Data.Secret as string);
    const stored = await storedItem(partner.clientId, id);
    receiver.secrets.push(...issued);
    const [eventId] = await publish(partner.clientId, 1);
    await receiver.until(() => receiver.unique.has(eventId!));
    // Assess
    const delivery = receiver.unique.get(eventId!)!;
    expect(stored.match(/sealed:v1:/g)).toHaveLength(2);
    expect(delivery.signatures).toBe(2);
    expect(delivery.verifiedBy.sort()).toEqual(
      [receiver.secrets.indexOf(issued[2]!), receiver.secrets.indexOf(issued[3]!)].sort(),
    );
  });

  it('keeps the create answer for retries with the secret sealed: a retry gets it, the record holds none', async () => {
    // Prepare
    const partner = await Partner.register(api.url);
    const key = randomUUID();
    const data = { Url: receiver.url, Events: ['bill.paid'] };
    // Act
    const first = await partner.create(data, key);
    const retry = await partner.create(data, key);
    const record = await storedRecord(partner.clientId, key);
    // Assess
    const secret = first.json.Data.Secret as string;
    expect(first.status).toBe(201);
    expect(secret).toMatch(/^whsec_/);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    expect(retry.json).toEqual(first.json);
    expect(record).toBeDefined();
    expect(JSON.stringify(record)).not.toContain(material(secret));
    expect(JSON.stringify(record)).toMatch(/sealed:v1:/);
  });

  it('does not open a sealed answer moved under another key: the retry fails instead of leaking', async () => {
    // Prepare: a record sealed for one key, copied whole under another key of the same client.
    const partner = await Partner.register(api.url);
    const [key, otherKey] = [randomUUID(), randomUUID()];
    const data = { Url: receiver.url, Events: ['bill.paid'] };
    const first = await partner.create(data, key);
    const record = (await storedRecord(partner.clientId, key))!;
    await documents.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: { ...record, ...keys.idempotency(partner.clientId, otherKey) },
      }),
    );
    // Act
    const moved = await partner.create(data, otherKey);
    // Assess
    expect(first.status).toBe(201);
    expect(moved.status).toBe(500);
    expect(JSON.stringify(moved.json)).not.toContain(material(first.json.Data.Secret));
  });

  it('binds a sealed secret to its endpoint: copied to another endpoint, or altered, it does not open', async () => {
    // Prepare
    const sealed = await sealSecret('whsec_c2VjcmV0LXRoYXQtaXMtbm90LWF0LXJlc3Q=', 'whep_one');
    const [prefix, version, wrapped, iv, body] = sealed.split(':') as [
      string,
      string,
      string,
      string,
      string,
    ];
    const flipped = Buffer.from(body, 'base64');
    flipped[0]! ^= 1;
    // Act + Assess
    await expect(openSecret(sealed, 'whep_one')).resolves.toBe('whsec_c2VjcmV0LXRoYXQtaXMtbm90LWF0LXJlc3Q=');
    await expect(openSecret(sealed, 'whep_two')).rejects.toThrow();
    await expect(
      openSecret([prefix, version, wrapped, iv, flipped.toString('base64')].join(':'), 'whep_one'),
    ).rejects.toThrow();
  });
});
