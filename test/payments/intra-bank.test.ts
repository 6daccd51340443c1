import { beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../functions/store/events.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { getPosting, ledgerHistory } from '../ledger/fixtures.ts';
import { balanceOf, initiation, PayingFintech, payeeOf, storedConsent } from './fixtures.ts';

const api = useGateway();

describe('intra-bank domestic payments', () => {
  let fintech: PayingFintech;
  let payer: TestCustomer;
  let payee: TestCustomer;

  beforeAll(async () => {
    [fintech, payer, payee] = await Promise.all([
      PayingFintech.register(api.url),
      createCustomer([5_000_000]),
      createCustomer([0]),
    ]);
  });

  it('creates a consent awaiting authorisation that echoes the initiation', async () => {
    // Prepare
    const init = initiation(payeeOf(payee, 0, 'Nguyễn thị THỬ'), '150000');
    // Act
    const created = await fintech.createConsent(init, { risk: { PaymentContextCode: 'PartyToParty' } });
    const read = await fintech.getConsent(created.json.Data.ConsentId);
    // Assess
    expect(created.status).toBe(201);
    const data = created.json.Data;
    expect(data.ConsentId).toMatch(/^pdc-[0-9a-f-]{36}$/);
    expect(data).toMatchObject({ Status: 'AwaitingAuthorisation', Initiation: init });
    expect(data.StatusUpdateDateTime).toBe(data.CreationDateTime);
    expect(Date.parse(data.ExpirationDateTime) - Date.parse(data.CreationDateTime)).toBe(10 * 60_000);
    expect(created.json.Risk).toEqual({ PaymentContextCode: 'PartyToParty' });
    expect(created.json.Links.Self).toBe(`${api.url}/v1/pisp/domestic-payment-consents/${data.ConsentId}`);
    expect(created.headers.get('location')).toBe(created.json.Links.Self);
    expect(created.json.Meta).toEqual({});
    expect(read.status).toBe(200);
    expect(read.json.Data).toEqual(data);
  });

  it('settles at once: both balances move, both ledger sides are booked, the consent is consumed', async () => {
    // Prepare
    const from = payer.accounts[0]!;
    const to = payee.accounts[0]!;
    const [payerBefore, payeeBefore] = [await balanceOf(from.accountId), await balanceOf(to.accountId)];
    const {
      consentId,
      token,
      initiation: init,
    } = await fintech.authorisedConsent(payer, initiation(payeeOf(payee), '1250000'));
    // Act
    const paid = await fintech.pay(token, consentId, init);
    // Assess: the answer
    expect(paid.status).toBe(201);
    const payment = paid.json.Data;
    expect(payment.DomesticPaymentId).toMatch(/^dp-[0-9a-f-]{36}$/);
    expect(payment).toMatchObject({
      ConsentId: consentId,
      Status: 'AcceptedSettlementCompleted',
      Initiation: init,
      Debtor: { SchemeName: 'VN.AccountNumber', Identification: from.accountNumber, Name: from.name },
      ScaMethod: 'OneTimePassword',
      StatusHistory: [
        { Status: 'AcceptedSettlementCompleted', StatusUpdateDateTime: payment.CreationDateTime },
      ],
    });
    expect(paid.headers.get('location')).toBe(
      `${api.url}/v1/pisp/domestic-payments/${payment.DomesticPaymentId}`,
    );
    // Assess: the money
    expect(await balanceOf(from.accountId)).toBe(payerBefore - 1_250_000);
    expect(await balanceOf(to.accountId)).toBe(payeeBefore + 1_250_000);
    const debit = (await ledgerHistory(from.accountId)).at(-1)!;
    const credit = (await ledgerHistory(to.accountId)).at(-1)!;
    expect(debit).toMatchObject({
      creditDebit: 'Debit',
      amount: 1_250_000,
      counterparty: { name: payee.name, accountNumber: to.accountNumber, bankBin: '970415' },
      reference: init.RemittanceInformation.Reference,
    });
    expect(credit).toMatchObject({ creditDebit: 'Credit', amount: 1_250_000, postingId: debit.postingId });
    expect(await getPosting(debit.postingId)).toMatchObject({
      kind: 'domestic-payment',
      amount: 1_250_000,
      debitAccountId: from.accountId,
      creditAccountId: to.accountId,
      sourceId: payment.DomesticPaymentId,
      clientId: fintech.clientId,
    });
    // Assess: the consent and the payment as the fintech reads them
    expect((await storedConsent(consentId)).status).toBe('Consumed');
    const consent = await fintech.getConsent(consentId);
    expect(consent.json.Data).toMatchObject({
      Status: 'Consumed',
      Debtor: { Identification: from.accountNumber },
      ScaMethod: 'OneTimePassword',
    });
    const read = await fintech.getPayment(payment.DomesticPaymentId);
    expect(read.status).toBe(200);
    expect(read.json.Data).toEqual(payment);
    // Assess: the event, written with the payment
    const { events } = await listEvents(fintech.clientId, { settleMs: 0, limit: 100 });
    expect(events).toContainEqual(
      expect.objectContaining({
        eventType: 'payment.status_changed',
        data: expect.objectContaining({
          DomesticPaymentId: payment.DomesticPaymentId,
          Status: 'AcceptedSettlementCompleted',
        }),
      }),
    );
  });

  it('refuses a second payment on a consumed consent, moving nothing', async () => {
    // Prepare
    const from = payer.accounts[0]!;
    const {
      consentId,
      token,
      initiation: init,
    } = await fintech.authorisedConsent(payer, initiation(payeeOf(payee), '10000'));
    const first = await fintech.pay(token, consentId, init);
    const before = await balanceOf(from.accountId);
    // Act
    const second = await fintech.pay(token, consentId, init);
    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(403);
    expect(second.json.Errors[0].ErrorCode).toBe('VN.OB.Consent.Consumed');
    expect(second.json.Message).toContain(first.json.Data.DomesticPaymentId);
    expect(await balanceOf(from.accountId)).toBe(before);
  });

  it('stores an unaffordable payment Rejected, moves nothing and replays the refusal to retries', async () => {
    // Prepare
    const poor = await createCustomer([300_000]);
    const {
      consentId,
      token,
      initiation: init,
    } = await fintech.authorisedConsent(poor, initiation(payeeOf(payee), '300001'));
    const key = crypto.randomUUID();
    const payeeBefore = await balanceOf(payee.accounts[0]!.accountId);
    // Act
    const refused = await fintech.pay(token, consentId, init, { key });
    const retried = await fintech.pay(token, consentId, init, { key });
    // Assess: the refusal names the stored payment
    expect(refused.status).toBe(400);
    expect(refused.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Payment.InsufficientFunds',
      Path: 'Data.Initiation.InstructedAmount.Amount',
    });
    const location = refused.headers.get('location')!;
    const paymentId = location.split('/').at(-1)!;
    expect(refused.json.Message).toContain(paymentId);
    expect(retried.status).toBe(400);
    expect(retried.json).toEqual(refused.json);
    expect(retried.headers.get('x-idempotent-replayed')).toBe('true');
    // Assess: the payment exists, Rejected, and no money moved
    const read = await fintech.getPayment(paymentId);
    expect(read.json.Data).toMatchObject({
      Status: 'Rejected',
      StatusDetail: { Status: 'Rejected', StatusReason: 'InsufficientFunds' },
      StatusHistory: [{ Status: 'Rejected' }],
    });
    expect(await balanceOf(poor.accounts[0]!.accountId)).toBe(300_000);
    expect(await balanceOf(payee.accounts[0]!.accountId)).toBe(payeeBefore);
    expect(await ledgerHistory(poor.accounts[0]!.accountId)).toHaveLength(1);
    expect((await storedConsent(consentId)).status).toBe('Consumed');
  });

  it('offers the customer only the accounts that may pay: the one the fintech named, never the payee itself', async () => {
    // Prepare
    const saver = await createCustomer([1_000_000, 1_000_000]);
    const [current, savings] = saver.accounts as [TestCustomer['accounts'][0], TestCustomer['accounts'][0]];
    const toOwnSavings = await fintech.consent(initiation(payeeOf(saver, 1), '1000'));
    const fromSavings = await fintech.consent(
      initiation(payeeOf(payee), '1000', {
        DebtorAccount: { SchemeName: 'VN.AccountNumber', Identification: savings.accountNumber },
      }),
    );
    // Act
    const ownPage = await fintech.openConsentPage(saver, toOwnSavings.consentId);
    const namedPage = await fintech.openConsentPage(saver, fromSavings.consentId);
    // Assess
    const offered = (html: string) => [...html.matchAll(/name="account" value="([^"]+)"/g)].map((m) => m[1]);
    expect(offered(ownPage.html)).toEqual([current.accountId]);
    expect(offered(namedPage.html)).toEqual([savings.accountId]);
  });
});
