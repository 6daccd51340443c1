import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenBankingClient,
  type FeedEvent,
  type OpenBankingClient,
  unwrap,
} from '../../sdk/src/index.ts';
import { vietnamDay } from '../bills/city.ts';
import { createCustomer, TEST_PASSWORD } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { registeredClient } from './fixtures.ts';

const api = useGateway();
let portal: OpenBankingClient;
const paidBills: string[] = [];
const issued: string[] = [];

/** Issues a bill through the SDK and, when `pay`, has a customer pay its VietQR (sandbox bank app). */
async function bill(pay: boolean): Promise<string> {
  const created = unwrap(
    await portal.POST('/v1/bills', {
      body: {
        Data: {
          Category: 'electricity',
          Reference: `SDK-EV-${crypto.randomUUID().slice(0, 12)}`,
          PayerName: 'Phạm Văn Đức',
          Amount: '210000',
          DueDate: vietnamDay(10),
          Description: 'Tiền điện tháng 11',
        },
      },
    }),
  ).Data;
  issued.push(created.BillId);
  if (pay) {
    const payer = await createCustomer([1_000_000]);
    unwrap(
      await portal.POST('/sandbox/qr-payments', {
        body: {
          Data: {
            Payload: created.Qr!.Payload,
            Username: payer.username,
            Password: TEST_PASSWORD,
            AccountId: payer.accounts[0]!.accountId,
          },
        },
      }),
    );
    paidBills.push(created.BillId);
  }
  return created.BillId;
}

const paidEvents = (events: FeedEvent[]) =>
  events.filter((e) => e.type === 'bill.paid').map((e) => (e.data as { BillId: string }).BillId);

describe('SDK helpers for bills and events, against the real handlers', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const client = await registeredClient(api.url, 'bills');
    portal = createOpenBankingClient({ baseUrl: api.url, ...client });
    for (const pay of [true, false, true, true, false]) await bill(pay);
  }, 120_000);

  it('paginate pages the bills list along Links.Next: every bill once, in order', async () => {
    // Act
    const seen: string[] = [];
    for await (const item of portal.paginate('/v1/bills', { params: { query: { pageSize: 2 } } })) {
      seen.push(item.BillId);
    }

    // Assess
    expect(seen).toEqual(issued);
  });

  it('paginate follows the events feed (GET /v1/events) to its end: each bill.paid once, in order', async () => {
    // Act: the feed stays a few seconds behind the present, so read until the events are in it.
    let listed: FeedEvent[] = [];
    for (let attempt = 0; attempt < 30 && paidEvents(listed).length < paidBills.length; attempt++) {
      if (attempt > 0) await sleep(1_000);
      listed = [];
      for await (const event of portal.paginate('/v1/events', { params: { query: { limit: 1 } } })) {
        listed.push(event);
      }
    }

    // Assess
    expect(paidEvents(listed)).toEqual(paidBills);
    expect(new Set(listed.map((e) => e.id)).size).toBe(listed.length);
  });

  it('events.poll hands out each event, acknowledges it once handled, and gives back one left unhandled', async () => {
    // Act: leave the loop at the first event without handling it, then drain, then poll again.
    let left: FeedEvent | undefined;
    for await (const event of portal.events.poll({ maxEvents: 2 })) {
      left = event;
      break;
    }
    const drained: FeedEvent[] = [];
    for await (const event of portal.events.poll({ maxEvents: 2 })) drained.push(event);
    const again: FeedEvent[] = [];
    for await (const event of portal.events.poll()) again.push(event);

    // Assess
    expect(left?.type).toBe('bill.paid');
    expect(drained[0]?.id).toBe(left?.id);
    expect(paidEvents(drained)).toEqual(paidBills);
    expect(drained.every((e) => !Number.isNaN(Date.parse(e.timestamp)))).toBe(true);
    expect(again).toEqual([]);
  });
});
