import { describe, expect, it } from 'vitest';
import { InsufficientFundsError } from '#domain/ledger/errors.ts';
import { eventCursor, eventItem, listEvents, publishEvent } from '#store/events.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import { failed, fund, openFundingAccount, openTestAccount, testId } from './fixtures.ts';

describe('client events', () => {
  it('exists exactly when the posting it reports was committed', async () => {
    // Prepare
    const clientId = testId('client');
    const funding = await openFundingAccount();
    const payer = testId('payer');
    const city = testId('city');
    await openTestAccount(payer);
    await openTestAccount(city);
    await fund(funding, payer, 100_000);
    const transfer = (amount: number) => ({
      kind: 'bill-payment',
      amount,
      debit: { accountId: payer, description: 'Nop phat giao thong' },
      credit: { accountId: city, description: 'Thu phat giao thong' },
    });
    const past = new Date(Date.now() - 60_000);
    const paid = eventItem({
      clientId,
      type: 'bill.paid',
      resourceId: 'bill-1',
      sequence: 2,
      data: { BillId: 'bill-1' },
      occurredAt: past,
    });
    const refused = eventItem({
      clientId,
      type: 'bill.paid',
      resourceId: 'bill-2',
      sequence: 2,
      data: { BillId: 'bill-2' },
      occurredAt: past,
    });
    // Act
    await postTransfer(transfer(60_000), { extraWrites: [paid] });
    const failure = await postTransfer(transfer(60_000), { extraWrites: [refused] }).catch(failed);
    const page = await listEvents(clientId);
    // Assess
    expect(failure).toBeInstanceOf(InsufficientFundsError);
    expect(page.events).toEqual([paid.event]);
    expect(paid.event).toMatchObject({
      type: 'Event',
      eventType: 'bill.paid',
      eventId: expect.stringMatching(/^evt_[0-9a-f]{32}$/),
      ttl: Math.floor(past.getTime() / 1000) + 30 * 24 * 3600,
    });
  });

  it('pages a client feed oldest first after a cursor, and holds back events still settling', async () => {
    // Prepare
    const clientId = testId('client');
    const base = Date.now() - 120_000;
    const published = [];
    for (let i = 0; i < 5; i++) {
      published.push(
        await publishEvent({
          clientId,
          type: 'payment.status_changed',
          resourceId: `dp-${i}`,
          sequence: 1,
          data: { n: i },
          occurredAt: new Date(base + i * 1_000),
        }),
      );
    }
    const fresh = await publishEvent({
      clientId,
      type: 'payment.status_changed',
      resourceId: 'dp-fresh',
      sequence: 1,
      data: { n: 'fresh' },
    });
    await publishEvent({
      clientId: testId('other-client'),
      type: 'bill.paid',
      resourceId: 'bill-0',
      sequence: 2,
      data: {},
      occurredAt: new Date(base),
    });
    // Act
    const first = await listEvents(clientId, { limit: 2 });
    const second = await listEvents(clientId, { limit: 2, after: first.cursor! });
    const rest = await listEvents(clientId, { limit: 10, after: second.cursor! });
    const later = await listEvents(clientId, { after: rest.cursor!, now: new Date(Date.now() + 10_000) });
    // Assess
    expect(first).toMatchObject({ events: published.slice(0, 2), more: true });
    expect(second).toMatchObject({ events: published.slice(2, 4), more: true });
    expect(rest).toEqual({ events: published.slice(4), cursor: eventCursor(published[4]!), more: false });
    expect(later.events).toEqual([fresh]);
  });

  it('answers an empty page with the same cursor, and refuses a forged cursor', async () => {
    // Prepare
    const clientId = testId('client');
    const event = await publishEvent({
      clientId,
      type: 'bill.paid',
      resourceId: 'bill-0',
      sequence: 2,
      data: {},
      occurredAt: new Date(Date.now() - 60_000),
    });
    // Act
    const empty = await listEvents(clientId, { after: eventCursor(event) });
    const forged = await listEvents(clientId, { after: 'bm90LWEtY3Vyc29y' }).catch(failed);
    // Assess
    expect(empty).toEqual({ events: [], cursor: eventCursor(event), more: false });
    expect(forged).toMatchObject({
      kind: 'invalid', // answered 400 (functions/http/error-response.ts)
      code: 'UK.OBIE.Field.Invalid',
      details: [{ Path: 'after' }],
    });
  });
});
