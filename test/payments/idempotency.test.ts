import { randomUUID } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../functions/runtime/logger.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { ledgerHistory } from '../ledger/fixtures.ts';
import { balanceOf, initiation, PayingFintech, payeeOf, storedConsent } from './fixtures.ts';

const api = useGateway();

describe('payment idempotency: a payment is never made twice', () => {
  let fintech: PayingFintech;
  let payer: TestCustomer;
  let payee: TestCustomer;

  beforeAll(async () => {
    [fintech, payer, payee] = await Promise.all([
      PayingFintech.register(api.url),
      createCustomer([10_000_000]),
      createCustomer([0]),
    ]);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** An authorised consent of `amount` from the payer to the payee, with the customer's token. */
  const authorised = (amount: string) => fintech.authorisedConsent(payer, initiation(payeeOf(payee), amount));
  const debtor = () => payer.accounts[0]!.accountId;

  it('answers a retry with the same key and body with the same payment, booked once', async () => {
    // Prepare
    const { consentId, token, initiation: init } = await authorised('111000');
    const before = await balanceOf(debtor());
    const linesBefore = (await ledgerHistory(debtor())).length;
    const key = randomUUID();
    // Act
    const first = await fintech.pay(token, consentId, init, { key });
    const retry = await fintech.pay(token, consentId, init, { key });
    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    expect(await balanceOf(debtor())).toBe(before - 111_000);
    expect((await ledgerHistory(debtor())).length).toBe(linesBefore + 1);
  });

  it('refuses the same key with another body, moving nothing', async () => {
    // Prepare
    const { consentId, token, initiation: init } = await authorised('222000');
    const key = randomUUID();
    const first = await fintech.pay(token, consentId, init, { key });
    const before = await balanceOf(debtor());
    // Act
    const other = await fintech.pay(token, consentId, init, { key, risk: { PaymentContextCode: 'Other' } });
    // Assess
    expect(first.status).toBe(201);
    expect(other.status).toBe(400);
    expect(other.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Idempotency.Mismatch',
      Path: 'x-idempotency-key',
    });
    expect(await balanceOf(debtor())).toBe(before);
  });

  it('executes 20 concurrent submissions under one key exactly once', async () => {
    // Prepare
    const { consentId, token, initiation: init } = await authorised('333000');
    const before = await balanceOf(debtor());
    const linesBefore = (await ledgerHistory(debtor())).length;
    const key = randomUUID();
    // Act
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fintech.pay(token, consentId, init, { key })),
    );
    const settled = await fintech.pay(token, consentId, init, { key });
    // Assess
    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses].every((status) => status === 201 || status === 409)).toBe(true);
    const created = answers.filter((answer) => answer.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.json.Data.DomesticPaymentId)).size).toBe(1);
    for (const busy of answers.filter((answer) => answer.status === 409)) {
      expect(busy.json.Errors[0].ErrorCode).toBe('VN.OB.Idempotency.InProgress');
      expect(busy.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    expect(settled.json.Data.DomesticPaymentId).toBe(created[0]!.json.Data.DomesticPaymentId);
    expect(await balanceOf(debtor())).toBe(before - 333_000);
    expect((await ledgerHistory(debtor())).length).toBe(linesBefore + 1);
  });

  it('replays the booked payment to the retry after a crash between the booking and the response', async () => {
    // Prepare: the Lambda dies right after the ledger transaction committed, once
    const { consentId, token, initiation: init } = await authorised('444000');
    const before = await balanceOf(debtor());
    const linesBefore = (await ledgerHistory(debtor())).length;
    const info = logger.info.bind(logger);
    let crashed = false;
    vi.spyOn(logger, 'info').mockImplementation(((message: string, ...rest: never[]) => {
      if (message === 'payment booked' && !crashed) {
        crashed = true;
        throw new Error('simulated crash after the ledger write');
      }
      return info(message, ...rest);
    }) as typeof logger.info);
    const key = randomUUID();
    // Act
    const lost = await fintech.pay(token, consentId, init, { key });
    const retry = await fintech.pay(token, consentId, init, { key });
    // Assess
    expect(crashed).toBe(true);
    expect(lost.status).toBe(500);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    expect(retry.json.Data).toMatchObject({ ConsentId: consentId, Status: 'AcceptedSettlementCompleted' });
    expect(await balanceOf(debtor())).toBe(before - 444_000);
    expect((await ledgerHistory(debtor())).length).toBe(linesBefore + 1);
    expect((await storedConsent(consentId)).status).toBe('Consumed');
    expect((await fintech.getPayment(retry.json.Data.DomesticPaymentId)).json.Data).toEqual(retry.json.Data);
  });
});
