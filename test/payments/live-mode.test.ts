import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomesticPayment } from '../../functions/domain/payments/status.ts';
import { stepUpMethodFor } from '../../functions/domain/payments/strong-authentication.ts';
import { getConsent } from '../../functions/store/consents.ts';
import { getPayment, paymentPut } from '../../functions/store/payments.ts';
import { writeTogether } from '../../functions/store/transact.ts';
import { authoriseConsent } from '../../functions/use-cases/consents/authorise-consent.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { initiation, otherBankPayee, PayingFintech, payeeOf } from './fixtures.ts';

/**
 * The live platform (SANDBOX=0) never fakes a bank. The payment handlers and the settlement
 * worker read the mode once at cold start, so this file switches to live before any of them is
 * loaded: the fintech registers and gets its client token first, through the sandbox's
 * registration (a live partner registers with its own operator-issued token), then every
 * payment call below runs the real handlers, cold-started in live mode, through the gateway.
 */
const api = useGateway();

describe('a live platform without a NAPAS connector', () => {
  let fintech: PayingFintech;
  let payer: TestCustomer;
  let payee: TestCustomer;

  beforeAll(async () => {
    [fintech, payer, payee] = await Promise.all([
      PayingFintech.register(api.url),
      createCustomer([30_000_000]),
      createCustomer([0]),
    ]);
    await fintech.clientToken();
    process.env.SANDBOX = '0';
  });

  afterAll(() => {
    process.env.SANDBOX = '1';
  });

  it('refuses interbank initiation at consent creation, naming why, and still takes payees at this bank', async () => {
    // Act
    const interbank = await fintech.createConsent(initiation(otherBankPayee(), '150000'));
    const intraBank = await fintech.createConsent(initiation(payeeOf(payee), '150000'));
    // Assess
    expect(interbank.status).toBe(400);
    expect(interbank.json.Errors).toEqual([
      {
        ErrorCode: 'VN.OB.Payment.InterbankUnavailable',
        Message: expect.stringContaining('970436'),
        Path: 'Data.Initiation.CreditorAgent.Identification',
      },
    ]);
    expect(intraBank.status).toBe(201);
  });

  it('has the settlement worker report no settlement it has not received', async () => {
    // Prepare: an interbank payment in process and due (as one booked before would be)
    const at = new Date(Date.now() - 60_000).toISOString();
    const payment: DomesticPayment = {
      paymentId: `dp-${randomUUID()}`,
      consentId: `pdc-${randomUUID()}`,
      clientId: fintech.clientId,
      customerId: payer.customerId,
      debtorAccountId: payer.accounts[0]!.accountId,
      debtor: { accountNumber: payer.accounts[0]!.accountNumber, name: payer.name, bankBin: '970415' },
      creditAccountId: 'bank-napas-clearing',
      initiation: initiation(otherBankPayee(), '50000') as unknown as DomesticPayment['initiation'],
      risk: {},
      amount: 50_000,
      scaMethod: 'OneTimePassword',
      status: 'AcceptedSettlementInProcess',
      createdAt: at,
      statusUpdatedAt: at,
      statusHistory: [{ Status: 'AcceptedSettlementInProcess', At: at }],
      day: at.slice(0, 10),
      settleAfter: at,
    };
    await writeTogether([paymentPut(payment)]);
    // Act: the worker's Lambda entry point, cold-started in live mode
    const { handler } = await import('../../functions/workers/settlement.ts');
    const result = await handler();
    // Assess
    expect(result.completed + result.rejected).toBe(0);
    expect(result.pending).toBeGreaterThanOrEqual(1);
    expect(await getPayment(payment.paymentId)).toMatchObject({
      status: 'AcceptedSettlementInProcess',
      statusHistory: [{ Status: 'AcceptedSettlementInProcess', At: at }],
    });
  });

  it('fails closed on the step-up: a form field is no strong authentication in live', async () => {
    // Prepare: a payment above 10,000,000 VND, which needs the biometric step-up
    const created = await fintech.createConsent(initiation(payeeOf(payee), '15000000'));
    expect(created.status).toBe(201);
    const consent = (await getConsent(created.json.Data.ConsentId))!;
    const saved: string[] = [];
    // Act: the customer ticks the biometric box (biometric=yes) and approves
    const outcome = await authoriseConsent({
      consent,
      customerId: payer.customerId,
      accountIds: [payer.accounts[0]!.accountId],
      stepUpConfirmed: true,
      stepUpMethod: stepUpMethodFor(false),
      at: new Date(),
      saveGrant: async (grantId) => saved.push(grantId),
    });
    // Assess
    expect(outcome).toEqual({ kind: 'step-up-unavailable' });
    expect(saved).toEqual([]);
    expect((await getConsent(consent.consentId))!.status).toBe('AwaitingAuthorisation');
    expect(stepUpMethodFor(true)).toBe('sandbox-confirmation');
  });
});
