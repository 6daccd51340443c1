import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { collectionAccountId } from '../../functions/domain/bills/collection.ts';
import { getPartner } from '../../functions/store/bills/partners.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { keys, PK } from '../../functions/store/keys.ts';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { handler as streamWorker } from '../../functions/workers/webhook-dispatcher.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { publish, usePipeline } from '../webhooks/pipeline.ts';
import { billBody, CityPartner } from './city.ts';

const api = useGateway();
const stream = usePipeline();

/** Until `check` answers something, polling (the stream runs within a second or two). */
async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Positions this file's stream consumer has kept, one per shard read (under `STREAMPOS#<consumer>`). */
async function keptPositions(): Promise<string> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${PK.streamPosition}${stream.consumer}` },
      Limit: 100,
    }),
  );
  return Items.map((item) => `${item.sk}@${item.sequenceNumber}`).join(' ');
}

/**
 * Registers clients over HTTP while this file's stream consumer is stopped, then resumes it
 * from its kept position: its filter (like the stream trigger's, other files share the engine)
 * takes only this file's clients, whose ids exist only once registered.
 */
async function registerWhileStreamPaused(register: () => Promise<string[]>): Promise<string[]> {
  const marker = `cli-marker-${Date.now()}`;
  stream.clients.add(marker);
  await publish(marker, 1);
  await eventually(async () => ((await keptPositions()) !== '' ? true : undefined));
  let ids: string[] = [];
  await stream.restart(async () => {
    ids = await register();
    for (const id of ids) stream.clients.add(id);
  });
  return ids;
}

describe('a sandbox city partner gets its collection account at registration (the table stream)', {
  timeout: 180_000,
}, () => {
  it('opens it for a client registered with scope bills, before any bill, and none for a client without bills', async () => {
    // Prepare + Act: registered through the real registration endpoint; the stream worker does the rest.
    const [cityId, fintechId] = await registerWhileStreamPaused(async () => [
      (await CityPartner.register(api.url, 'Sở Tư pháp Huế')).clientId,
      (
        await new Fintech(api.url).register({
          scope: 'payments',
          grant_types: ['client_credentials'],
          client_name: 'Ví Điện Tử Sen Vàng',
        })
      ).client.client_id,
    ]);
    const partner = await eventually(() => getPartner(cityId!));
    const account = await getAccount(collectionAccountId(cityId!));
    // The fintech's registration came before the city's on the stream, so it was read too.
    const fintechPartner = await getPartner(fintechId!);
    const fintechAccount = await getAccount(collectionAccountId(fintechId!));

    // Assess
    expect(partner).toMatchObject({
      clientId: cityId,
      name: 'Sở Tư pháp Huế',
      collection: { accountId: collectionAccountId(cityId!), bankBin: '970415' },
    });
    expect(account).toMatchObject({
      ownerId: cityId,
      accountType: 'Business',
      status: 'Enabled',
      balance: 0,
    });
    expect(fintechPartner).toBeUndefined();
    expect(fintechAccount).toBeUndefined();
  });

  it('opens one account when the stream batch is replayed and a first bill races it', async () => {
    // Prepare + Act: while the stream is paused, the city's first bill races five deliveries of
    // the stream batch carrying its registration (Lambda retries a batch), each taking it twice.
    let bill: Awaited<ReturnType<CityPartner['create']>> | undefined;
    const [cityId] = await registerWhileStreamPaused(async () => {
      const city = await CityPartner.register(api.url, 'Sở Giao thông Vận tải Đà Nẵng');
      const { Items = [] } = await documents.send(
        new QueryCommand({
          TableName: mainTableName(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.oidc('Client', city.clientId).pk },
          Limit: 1,
        }),
      );
      const record = {
        eventName: 'INSERT',
        dynamodb: { Keys: marshall({ pk: Items[0]!.pk, sk: Items[0]!.sk }), NewImage: marshall(Items[0]!) },
      } as unknown as DynamoDBRecord;
      [bill] = await Promise.all([
        city.create(billBody({ Category: 'traffic-fine' })),
        ...Array.from({ length: 5 }, () => streamWorker({ Records: [record, record] })),
      ]);
      return [city.clientId];
    });
    const partner = await getPartner(cityId!);
    // The resumed stream takes the registration once more (then a later event): nothing changes.
    const kept = await keptPositions();
    await publish(cityId!, 1);
    await eventually(async () => ((await keptPositions()) !== kept ? true : undefined));
    const after = await getPartner(cityId!);
    const account = await getAccount(collectionAccountId(cityId!));

    // Assess
    expect(bill!.status).toBe(201);
    expect(bill!.json.Data.CollectionAccount.Identification).toBe(partner!.collection.accountNumber);
    expect(after).toEqual(partner);
    expect(account).toMatchObject({ ownerId: cityId, balance: 0, version: 0 });
  });
});
