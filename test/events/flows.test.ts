import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { expireConsents } from '../../functions/use-cases/consents/expire-consents.ts';
import { approve, Terminal } from '../cash/terminal.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { initiation, PayingFintech, payeeOf } from '../payments/fixtures.ts';
import { EventReader, type FeedEvent } from './feed.ts';

const api = useGateway();
/** Each flow runs real consents, sign-ins and ledger postings; on a loaded machine they take a while. */
const SLOW = 120_000;

/** What a receiver keys on: type, resource, sequence and the new status. */
const summary = (events: FeedEvent[]) =>
  events.map((event) => [event.type, event.data.Sequence, event.data.Status]);

describe('every flow writes exactly its events, with per-resource sequence numbers', () => {
  let payer: TestCustomer;
  let payee: TestCustomer;
  beforeAll(async () => {
    [payer, payee] = await Promise.all([createCustomer([20_000_000]), createCustomer([0])]);
  });

  it(
    'a payment: consent.authorised (2) then payment.status_changed (1); consuming the consent adds none',
    async () => {
      // Prepare
      const fintech = await PayingFintech.register(api.url);
      const reader = new EventReader(fintech.client, () => fintech.clientToken());
      // Act
      const {
        consentId,
        token,
        initiation: init,
      } = await fintech.authorisedConsent(payer, initiation(payeeOf(payee), '250000'));
      const paid = await fintech.pay(token, consentId, init);
      const paymentId = paid.json.Data.DomesticPaymentId as string;
      const events = await reader.all(2);
      await sleep(1_500);
      const settled = await reader.all(3, 0);
      // Assess
      expect(paid.status).toBe(201);
      expect(summary(settled)).toEqual([
        ['consent.authorised', 2, 'Authorised'],
        ['payment.status_changed', 1, 'AcceptedSettlementCompleted'],
      ]);
      expect(events[0]!.data).toEqual({
        ConsentId: consentId,
        ConsentType: 'domestic-payment',
        Status: 'Authorised',
        StatusUpdateDateTime: expect.any(String),
        ExpirationDateTime: expect.any(String),
        Sequence: 2,
      });
      expect(events[1]!.data).toMatchObject({
        DomesticPaymentId: paymentId,
        ConsentId: consentId,
        InstructedAmount: { Amount: '250000', Currency: 'VND' },
      });
      expect(events[1]!.timestamp).toBe(paid.json.Data.StatusUpdateDateTime);
    },
    SLOW,
  );

  it(
    'an account-access consent revoked by its fintech: consent.revoked once, however often it is deleted',
    async () => {
      // Prepare
      const fintech = await new Fintech(api.url).register({ scope: 'accounts' });
      const token = await fintech.clientToken('accounts');
      const reader = new EventReader(fintech, async () => token);
      const created = await fintech.call(
        token,
        'POST',
        '/v1/aisp/account-access-consents',
        { Data: { Permissions: ['ReadBalances'] }, Risk: {} },
        { 'x-idempotency-key': crypto.randomUUID() },
      );
      const consentId = created.json.Data.ConsentId as string;
      // Act
      const deleted = await fintech.call(token, 'DELETE', `/v1/aisp/account-access-consents/${consentId}`);
      const again = await fintech.call(token, 'DELETE', `/v1/aisp/account-access-consents/${consentId}`);
      await reader.all(1);
      await sleep(1_500);
      const events = await reader.all(2, 0);
      // Assess
      expect([deleted.status, again.status]).toEqual([204, 204]);
      expect(summary(events)).toEqual([['consent.revoked', 2, 'Revoked']]);
      expect(events[0]!.data).toMatchObject({ ConsentId: consentId, ConsentType: 'account-access' });
    },
    SLOW,
  );

  it(
    'a consent past its expiry: the worker records Expired and emits consent.expired once; ended consents emit nothing',
    async () => {
      // Prepare
      const fintech = await new Fintech(api.url).register({ scope: 'accounts' });
      const token = await fintech.clientToken('accounts');
      const reader = new EventReader(fintech, async () => token);
      const expiresAt = new Date(Date.now() + 4_000);
      const create = (expiry: Date) =>
        fintech.call(
          token,
          'POST',
          '/v1/aisp/account-access-consents',
          { Data: { Permissions: ['ReadBalances'], ExpirationDateTime: expiry.toISOString() }, Risk: {} },
          { 'x-idempotency-key': crypto.randomUUID() },
        );
      const expiring = (await create(expiresAt)).json.Data.ConsentId as string;
      const revoked = (await create(expiresAt)).json.Data.ConsentId as string;
      const later = (await create(new Date(Date.now() + 3_600_000))).json.Data.ConsentId as string;
      await fintech.call(token, 'DELETE', `/v1/aisp/account-access-consents/${revoked}`);
      await sleep(Math.max(0, expiresAt.getTime() - Date.now() + 50));
      // Act
      const first = await expireConsents({ clientId: fintech.client.client_id });
      const second = await expireConsents({ clientId: fintech.client.client_id });
      const read = await fintech.call(token, 'GET', `/v1/aisp/account-access-consents/${expiring}`);
      const stillOpen = await fintech.call(token, 'GET', `/v1/aisp/account-access-consents/${later}`);
      await reader.all(2);
      await sleep(1_500);
      const events = await reader.all(3, 0);
      // Assess
      expect(first).toEqual({ expired: 1, cleared: 1, skipped: 0, failed: 0 });
      expect(second).toEqual({ expired: 0, cleared: 0, skipped: 0, failed: 0 });
      expect(read.json.Data.Status).toBe('Expired');
      expect(stillOpen.json.Data.Status).toBe('AwaitingAuthorisation');
      expect(events.map((event) => [event.type, event.data.ConsentId, event.data.Sequence])).toEqual([
        ['consent.revoked', revoked, 2],
        ['consent.expired', expiring, 2],
      ]);
      expect(events[1]!.data).toMatchObject({
        Status: 'Expired',
        ExpirationDateTime: expiresAt.toISOString(),
      });
    },
    SLOW,
  );

  it(
    'a cash session whose dispense fails: cash.session.approved (2) then cash.session.released (3)',
    async () => {
      // Prepare
      const terminal = await Terminal.register(api.url);
      const reader = new EventReader(terminal.client, () => terminal.accessToken());
      const session = await terminal.openSession();
      // Act
      await approve(api.url, {
        Payload: session.Qr.Payload,
        Username: payer.username,
        AccountId: payer.accounts[0]!.accountId,
        Amount: '200000',
      });
      const reported = await terminal.report(session.SessionId, 'Failed', { FailureReason: 'Cassette jam' });
      await reader.all(2);
      await sleep(1_500);
      const events = await reader.all(3, 0);
      // Assess
      expect(reported.status).toBe(201);
      expect(summary(events)).toEqual([
        ['cash.session.approved', 2, 'Approved'],
        ['cash.session.released', 3, 'Reversed'],
      ]);
      expect(events.every((event) => event.data.SessionId === session.SessionId)).toBe(true);
      expect(events[1]!.data).toMatchObject({ WithdrawalId: reported.json.Data.WithdrawalId });
    },
    SLOW,
  );
});
