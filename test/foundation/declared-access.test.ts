import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endOfVietnamDay } from '../../functions/domain/bills/bill.ts';
import { activeRoutes, type RouteAccess, touchesTable } from '../../functions/routing/routes.ts';
import { workers } from '../../functions/routing/workers.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { publishEvent } from '../../functions/store/events.ts';
import { keys } from '../../functions/store/keys.ts';
import { openRegisteredCollectionAccounts } from '../../functions/use-cases/bills/open-registered-collection-accounts.ts';
import { processBillBatches } from '../../functions/use-cases/bills/process-bill-batches.ts';
import { sweepBills } from '../../functions/use-cases/bills/sweep-bills.ts';
import { releaseExpiredHolds } from '../../functions/use-cases/cash/release-expired-holds.ts';
import { expireConsents } from '../../functions/use-cases/consents/expire-consents.ts';
import { settleInterbankPayments } from '../../functions/use-cases/payments/settle-interbank-payments.ts';
import { deliverWebhook, deliveryConfigFrom } from '../../functions/use-cases/webhooks/deliver-webhook.ts';
import { dispatchStreamRecords } from '../../functions/use-cases/webhooks/dispatch-events.ts';
import { sweepDeliveries } from '../../functions/use-cases/webhooks/sweep-deliveries.ts';
import { functionSpecs } from '../../lib/function-specs.ts';
import { startWebhookPipeline } from '../../local/webhook-pipeline.ts';
import { billBody, CityPartner, payByQr, vietnamDay } from '../bills/city.ts';
import { approve, Terminal } from '../cash/terminal.ts';
import { CityPartner as CheckoutPortal } from '../checkout/portal.ts';
import { customerTokens } from '../fapi/scenario.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer } from '../helpers/customers.ts';
import { attributeTo, onDynamoCall, type TouchedKey } from '../helpers/dynamo-recorder.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { initiation, otherBankPayee, PayingFintech, payeeOf } from '../payments/fixtures.ts';
import { Partner } from '../webhooks/partner.ts';

/**
 * Keeps the route table's `access` declarations honest. Locally nothing enforces IAM, so a
 * handler that reads or writes an item type its route does not declare would work here and
 * fail in AWS (or, worse, a declaration would be widened to whatever was convenient). This
 * test runs real requests of every route family through the gateway, and the workers, records
 * through an SDK middleware every key each Lambda touched, and fails on any key outside the
 * prefixes that Lambda declares, as the IAM leading-key conditions CDK builds from them would.
 */
const specs = new Map(functionSpecs(activeRoutes(true), workers).map((spec) => [spec.handler, spec.access]));
const api = useGateway({ around: (route, invoke) => attributeTo(route.handler, invoke) });

const touched: TouchedKey[] = [];
let stopRecording: () => void;
beforeAll(() => {
  stopRecording = onDynamoCall((key) => {
    if (key.owner) touched.push(key);
  });
});
afterAll(() => stopRecording());

/** Why a touch is outside the Lambda's declaration, or undefined when it is allowed. */
function violation(key: TouchedKey): string | undefined {
  const access: RouteAccess | undefined = specs.get(key.owner!);
  const where = `${key.owner}: ${key.operation} ${key.access} ${key.target} ${JSON.stringify(key.key)}`;
  if (!access) return `${where} (no such Lambda in the route or worker table)`;
  const under = (prefixes: readonly string[] | undefined) =>
    key.key !== '' && (prefixes ?? []).some((prefix) => key.key.startsWith(prefix));
  if (key.access === 'describe')
    return access.describeTable ? undefined : `${where}: describeTable not declared`;
  if (key.access === 'scan') return `${where}: a Scan names no key, so no grant can allow it`;
  if (key.target === 'gsi1')
    return under(access.gsi1) ? undefined : `${where}: not in gsi1 ${access.gsi1 ?? []}`;
  if (key.target === 'gsi2')
    return under(access.gsi2) ? undefined : `${where}: not in gsi2 ${access.gsi2 ?? []}`;
  if (key.target !== 'table') return `${where}: unknown target`;
  const declared = key.access === 'read' ? access.reads : access.writes;
  return under(declared) ? undefined : `${where}: not in ${key.access}s ${declared ?? []}`;
}

/** The touches recorded since the last call, checked. */
let checked = 0;
function newViolations(): string[] {
  const fresh = touched.slice(checked);
  checked = touched.length;
  return [...new Set(fresh.map(violation).filter((problem): problem is string => Boolean(problem)))];
}

describe('every Lambda touches only the item types it declares', () => {
  it('account information: consent, authorization, accounts, balances, transactions, revocation', async () => {
    // Prepare
    const customer = await createCustomer([1_000_000]);
    const account = customer.accounts[0]!.accountId;
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts offline_access' });

    // Act
    const { tokens, consentId, clientToken } = await customerTokens(fintech, customer);
    const reads = await Promise.all(
      [
        '/v1/aisp/accounts',
        `/v1/aisp/accounts/${account}`,
        `/v1/aisp/accounts/${account}/balances`,
        `/v1/aisp/accounts/${account}/transactions`,
      ].map((path) => fintech.call(tokens.access_token, 'GET', path)),
    );
    const consent = await fintech.call(clientToken, 'GET', `/v1/aisp/account-access-consents/${consentId}`);
    const deleted = await fintech.call(
      clientToken,
      'DELETE',
      `/v1/aisp/account-access-consents/${consentId}`,
    );
    const expiring = await fintech.call(
      clientToken,
      'POST',
      '/v1/aisp/account-access-consents',
      { Data: { Permissions: ['ReadBalances'], ExpirationDateTime: '2099-01-01T00:00:00Z' }, Risk: {} },
      { 'x-idempotency-key': randomUUID() },
    );
    const expired = await attributeTo('workers/consent-expiry', () =>
      expireConsents({ now: new Date('2099-01-01T00:00:01Z'), clientId: fintech.client.client_id }),
    );
    const feed = await fintech.call(clientToken, 'GET', '/v1/events');
    const polled = await fintech.call(clientToken, 'POST', '/v1/events', { returnImmediately: true });
    const acknowledged = await fintech.call(clientToken, 'POST', '/v1/events', {
      maxEvents: 0,
      ack: Object.keys(polled.json.sets),
    });

    // Assess
    expect(newViolations()).toEqual([]);
    expect(reads.map((read) => read.status)).toEqual([200, 200, 200, 200]);
    expect([consent.status, deleted.status, expiring.status]).toEqual([200, 204, 201]);
    expect(expired.expired).toBe(1);
    expect([feed.status, polled.status, acknowledged.status]).toEqual([200, 200, 200]);
    expect(Object.keys(polled.json.sets).length).toBeGreaterThanOrEqual(2);
    // A full consent journey plus the events round trip: more than the default 30 s on a loaded machine.
  }, 90_000);

  it('payment initiation: consents, funds, authorisation, intra-bank and interbank payments, settlement', async () => {
    // Prepare
    const [fintech, payer, payee] = await Promise.all([
      PayingFintech.register(api.url),
      createCustomer([50_000_000]),
      createCustomer([0]),
    ]);

    // Act
    const intra = await fintech.authorisedConsent(payer, initiation(payeeOf(payee), '150000'));
    const funds = await fintech.fundsConfirmation(intra.consentId);
    const paid = await fintech.pay(intra.token, intra.consentId, intra.initiation);
    const inter = await fintech.authorisedConsent(payer, initiation(otherBankPayee(), '250000'));
    const sent = await fintech.pay(inter.token, inter.consentId, inter.initiation);
    const read = await fintech.getPayment(paid.json.Data.DomesticPaymentId);
    const consent = await fintech.getConsent(intra.consentId);
    await attributeTo('workers/settlement', () =>
      settleInterbankPayments({ now: new Date(Date.now() + 24 * 3600_000), clientId: fintech.clientId }),
    );

    // Assess
    expect(newViolations()).toEqual([]);
    expect([funds.status, paid.status, sent.status, read.status, consent.status]).toEqual([
      200, 201, 201, 200, 200,
    ]);
  });

  it('cash: session, approval in the bank app, poll, dispense report, sweeper', async () => {
    // Prepare
    const [terminal, customer] = await Promise.all([Terminal.register(api.url), createCustomer([5_000_000])]);

    // Act
    const session = await terminal.openSession();
    const approved = await approve(api.url, {
      Payload: session.Qr.Payload,
      Username: customer.username,
      AccountId: customer.accounts[0]!.accountId,
      Amount: '500000',
    });
    const polled = await terminal.poll(session.SessionId);
    const reported = await terminal.report(session.SessionId, 'Dispensed');
    await terminal.openSession();
    await attributeTo('workers/cash-sweeper', () =>
      releaseExpiredHolds({ now: new Date(Date.now() + 24 * 3600_000), clientId: terminal.clientId }),
    );

    // Assess
    expect(newViolations()).toEqual([]);
    expect([approved.status, polled.status, reported.status]).toEqual([201, 200, 201]);
  });

  it('bills: issue, list, get, pay by QR and by payment initiation, refund, cancel, sweeper', async () => {
    // Prepare
    const [city, fintech, payer] = await Promise.all([
      CityPartner.register(api.url),
      PayingFintech.register(api.url),
      createCustomer([50_000_000]),
    ]);

    // Act
    const bill = await city.issue({ Amount: '300000' });
    const other = await city.issue({ Amount: '200000' });
    const listed = await city.list();
    const byQr = await payByQr(api.url, {
      Payload: bill.Qr.Payload,
      Username: payer.username,
      AccountId: payer.accounts[0]!.accountId,
    });
    const payee = {
      number: other.CollectionAccount.Identification,
      bin: '970415',
      name: other.CollectionAccount.Name,
    };
    const init = initiation(payee, '200000', { RemittanceInformation: { Reference: other.BillId } });
    const consent = await fintech.authorisedConsent(payer, init);
    const byPis = await fintech.pay(consent.token, consent.consentId, consent.initiation);
    const refunded = await city.refund(bill.BillId, { RefundId: 'RF-1', Amount: '1000', Reason: 'Giảm phí' });
    const cancelled = await city.cancel((await city.issue()).BillId);
    const read = await city.get(bill.BillId);
    // A bill payable until today, swept just after: the other files' bills (same table) are
    // payable later, so the sweep expires this one and leaves theirs alone.
    const lapsing = await city.issue({ DueDate: vietnamDay() });
    await attributeTo('workers/bill-sweeper', () =>
      sweepBills({ now: endOfVietnamDay(lapsing.PayableUntil), limit: 5 }),
    );

    // Assess
    expect(newViolations()).toEqual([]);
    expect([
      listed.status,
      byQr.status,
      byPis.status,
      refunded.status,
      cancelled.status,
      read.status,
    ]).toEqual([200, 201, 201, 201, 200, 200]);
  });

  it('bills: the bank-hosted checkout (paid and cancelled), receipt, reconciliation, a batch and its worker', async () => {
    // Prepare
    const [portal, customer] = await Promise.all([
      new CheckoutPortal(api.url).register(),
      createCustomer([50_000_000]),
    ]);
    const [paid, dropped] = await Promise.all([portal.issueBill(120_000), portal.issueBill(80_000)]);
    const csrf = (page: string) => /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });

    // Act: the citizen pays one bill at the bank and cancels the other
    const opened = await portal.openSession(paid.BillId);
    const browser = new CustomerBrowser();
    const page = new URL(opened.json.Data.Url);
    const signInPage = await (await browser.fetch(page)).text();
    await browser.fetch(
      new URL(`${page.pathname}/login`, page),
      form({
        csrf: csrf(signInPage),
        ...{ username: customer.username, password: customer.login.password, otp: '123456' },
      }),
    );
    const confirmPage = await (await browser.fetch(page)).text();
    const account = /name="account" value="([^"]+)"/.exec(confirmPage)![1]!;
    const confirmed = await browser.fetch(
      new URL(`${page.pathname}/confirm`, page),
      form({ csrf: csrf(confirmPage), account, otp: '123456' }),
    );
    const session = await portal.call('GET', `/v1/checkout-sessions/${opened.json.Data.CheckoutSessionId}`);
    const second = new URL((await portal.openSession(dropped.BillId)).json.Data.Url);
    const other = new CustomerBrowser();
    const cancelled = await other.fetch(
      new URL(`${second.pathname}/cancel`, second),
      form({ csrf: csrf(await (await other.fetch(second)).text()) }),
    );
    const receipt = await portal.call('GET', `/v1/bills/${paid.BillId}/receipt`);
    const day = await portal.call('GET', `/v1/reconciliation/${vietnamDay()}`);
    const batch = await portal.call(
      'POST',
      '/v1/bill-batches',
      { Data: { Bills: [billBody().Data, billBody({ Category: 'unknown' }).Data] } },
      { 'x-idempotency-key': randomUUID() },
    );
    await attributeTo('workers/bill-batches', () => processBillBatches({ clientId: portal.clientId }));
    const batchRead = await portal.call('GET', `/v1/bill-batches/${batch.json.Data.BatchId}`);

    // Assess
    expect(newViolations()).toEqual([]);
    expect([confirmed.status, session.json.Data.Status, cancelled.status]).toEqual([303, 'Paid', 303]);
    expect([receipt.status, day.status, batch.status, batchRead.status]).toEqual([200, 200, 202, 200]);
  });

  it('VietQR: encoding and decoding read and write nothing but the DPoP proof', async () => {
    // Prepare
    const partner = await new Fintech(api.url).register({
      scope: 'bills payments',
      grant_types: ['client_credentials'],
    });
    const token = await partner.clientToken('bills');

    // Act
    const made = await partner.call(token, 'POST', '/v1/qr/vietqr', {
      Data: { BankBin: '970415', AccountNumber: '113366668888', Service: 'QRIBFTTA', Amount: '150000' },
    });
    const decoded = await partner.call(token, 'POST', '/v1/qr/decode', {
      Data: { Payload: made.json.Data.Payload },
    });

    // Assess
    expect(newViolations()).toEqual([]);
    expect([made.status, decoded.status]).toEqual([201, 200]);
    const qr = touched.filter((key) => key.owner?.startsWith('handlers/qr/'));
    expect(new Set(qr.map((key) => `${key.access} ${key.key.split('#')[0]}#`))).toEqual(
      new Set(['write DPOP#']),
    );
  });

  it("the customer's pages: sign-in, sharing list, revocation, sign-out", async () => {
    // Prepare
    const customer = await createCustomer([1_000_000]);
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts offline_access' });
    const { consentId } = await customerTokens(fintech, customer);
    const browser = new CustomerBrowser();

    // Act
    const login = await browser.open(`${api.url}/account/consents`, 'https://never.example');
    const signedIn = await browser.submit(
      login.url,
      await login.response.text(),
      [
        ['username', customer.login.username],
        ['password', customer.login.password],
        ['otp', customer.login.otp],
      ],
      'https://never.example',
    );
    const page = await signedIn.response.text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const revoked = await browser.open(
      `${api.url}/account/consents/${encodeURIComponent(consentId)}/revoke?lang=en`,
      'https://never.example',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ csrf }).toString(),
      },
    );
    const signedOut = await browser.open(`${api.url}/account/logout`, 'https://never.example', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }).toString(),
    });

    // Assess
    expect(newViolations()).toEqual([]);
    expect(page).toContain(consentId);
    expect([revoked.response.status, signedOut.response.status]).toEqual([200, 200]);
  });

  it('system and sandbox: health, the demo customer list, an unknown sign-in', async () => {
    // Act
    const health = await fetch(`${api.url}/v1/health`);
    const customers = await fetch(`${api.url}/sandbox/customers`);
    const unknown = await fetch(`${api.url}/account/login?lang=en`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: `nobody-${randomUUID()}`, password: 'x', otp: '000000' }),
      redirect: 'manual',
    });

    // Assess
    expect(newViolations()).toEqual([]);
    expect([health.status, customers.status]).toEqual([200, 200]);
    expect(unknown.status).toBeLessThan(500);
  });

  it('webhooks: endpoints, attempts, replay, the sandbox test event, dispatcher, delivery worker, sweeper', async () => {
    // Prepare: the queue engine only (no readers, no dispatch), so each worker runs here, attributed.
    const queue = await startWebhookPipeline({
      readers: 0,
      acceptClient: () => false,
      sweepEveryMs: 3_600_000,
    });
    const receiver = createServer((_req, res) => res.writeHead(200).end());
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    const partner = await Partner.register(api.url);
    try {
      // Act
      const { WebhookEndpointId: id } = await partner.endpoint(url);
      const answers = [
        await partner.list(),
        await partner.get(id),
        await partner.patch(id, { Description: 'declared' }),
        await partner.rotate(id),
        await partner.call('GET', `/v1/webhook-endpoints/${id}/attempts`),
        await partner.call('POST', `/v1/webhook-endpoints/${id}/replay`, { Data: {} }),
        await partner.call('POST', `/sandbox/webhook-endpoints/${id}/test`),
      ];
      const event = await publishEvent({
        clientId: partner.clientId,
        type: 'payment.status_changed',
        resourceId: 'dp-declared',
        sequence: 1,
        data: {},
      });
      const item = { ...keys.event(event.clientId, event.occurredAt, event.eventId), ...event };
      const record = {
        eventName: 'INSERT',
        dynamodb: {
          Keys: marshall(keys.event(event.clientId, event.occurredAt, event.eventId)),
          NewImage: marshall(item),
        },
      } as unknown as DynamoDBRecord;
      await attributeTo('workers/webhook-dispatcher', () => dispatchStreamRecords([record]));
      // The same stream worker, in sandbox, opening a new city partner's collection account.
      const city = await CityPartner.register(api.url, 'Sở Nội vụ Khánh Hòa');
      const client = await documents.send(
        new GetCommand({ TableName: mainTableName(), Key: keys.oidc('Client', city.clientId) }),
      );
      const registration = {
        eventName: 'INSERT',
        dynamodb: { Keys: marshall(keys.oidc('Client', city.clientId)), NewImage: marshall(client.Item!) },
      } as unknown as DynamoDBRecord;
      const openedAccounts = await attributeTo('workers/webhook-dispatcher', () =>
        openRegisteredCollectionAccounts([registration], true),
      );
      await attributeTo('workers/webhook-delivery', () =>
        deliverWebhook(
          {
            clientId: partner.clientId,
            endpointId: id,
            eventId: event.eventId,
            occurredAt: event.occurredAt,
            attempts: 0,
          },
          deliveryConfigFrom({}),
        ),
      );
      await attributeTo('workers/webhook-sweeper', () => sweepDeliveries({ graceMs: 0 }));
      const removed = await partner.remove(id);

      // Assess
      expect(newViolations()).toEqual([]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 202, 202]);
      expect(removed.status).toBe(204);
      expect(openedAccounts).toBe(1);
    } finally {
      receiver.close();
      await queue.stop();
    }
  });

  it('covered every Lambda that touches the table, so no declaration went unchecked', () => {
    // Prepare
    const owners = new Set(touched.map((key) => key.owner));
    const storing = [...specs].filter(([, access]) => touchesTable(access)).map(([handler]) => handler);

    // Act
    const unexercised = storing.filter((handler) => !owners.has(handler));

    // Assess
    expect(unexercised).toEqual([]);
    expect(touched.length).toBeGreaterThan(50);
  });
});
