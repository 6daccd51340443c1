import { beforeAll, describe, expect, it } from 'vitest';
import { bankAccounts } from '../../functions/domain/ledger/accounts.ts';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { getPosting, historyProblems, inParallel, ledgerHistory } from '../ledger/fixtures.ts';
import { balanceOf, initiation, otherBankPayee, PayingFintech, payeeOf } from './fixtures.ts';

const api = useGateway();

const CUSTOMERS = 10;
const PAYMENTS = 40;
const IN_FLIGHT = 8;
const BALANCE = 2_000_000;
/** More than any of the customers ever holds here, and at most 10,000,000 VND. */
const UNAFFORDABLE = 9_000_000;

describe('payments through HTTP under concurrency', () => {
  let fintech: PayingFintech;
  let customers: TestCustomer[];
  let plan: {
    payer: TestCustomer;
    interbank: boolean;
    amount: number;
    init: ReturnType<typeof initiation>;
  }[];
  let authorised: Awaited<ReturnType<PayingFintech['authorisedConsent']>>[];

  // Each consent costs a whole OAuth journey, so they are all authorised up front.
  beforeAll(async () => {
    [fintech, ...customers] = await Promise.all([
      PayingFintech.register(api.url),
      ...Array.from({ length: CUSTOMERS }, () => createCustomer([BALANCE])),
    ]);
    // Each customer pays the next one around a ring, every fifth payment goes to another bank,
    // and every tenth asks for more than the payer can ever have (yet needs no step-up).
    plan = Array.from({ length: PAYMENTS }, (_, i) => {
      const payer = customers[i % CUSTOMERS]!;
      const interbank = i % 5 === 4;
      const amount = i % 10 === 9 ? UNAFFORDABLE : 10_000 + i * 1_000;
      const payee = interbank ? otherBankPayee() : payeeOf(customers[(i + 1) % CUSTOMERS]!);
      return { payer, interbank, amount, init: initiation(payee, String(amount)) };
    });
    const browsers = customers.map(() => new CustomerBrowser());
    authorised = await inParallel(
      plan.map(
        (step, i) => () =>
          fintech.authorisedConsent(step.payer, step.init, { browser: browsers[i % CUSTOMERS]! }),
      ),
      4,
    );
  });

  it('conserves money over 40 payments from 10 customers, 8 in flight, each booked once', {
    timeout: 90_000,
  }, async () => {
    // Prepare
    const accounts = customers.map((customer) => customer.accounts[0]!.accountId);
    const before = await Promise.all(accounts.map(balanceOf));
    // Act
    const answers = await inParallel(
      authorised.map((consent) => () => fintech.pay(consent.token, consent.consentId, consent.initiation)),
      IN_FLIGHT,
    );
    // Assess: every payment answered once, the unaffordable ones refused
    const booked = answers.filter((answer) => answer.status === 201);
    const refused = answers.filter((answer) => answer.status === 400);
    expect(booked.length + refused.length).toBe(PAYMENTS);
    expect(refused.length).toBe(PAYMENTS / 10);
    for (const answer of refused)
      expect(answer.json.Errors[0].ErrorCode).toBe('VN.OB.Payment.InsufficientFunds');
    // Assess: each customer's balance is what the booked payments say
    const expected = [...before];
    let leftTheBank = 0;
    for (const [i, answer] of answers.entries()) {
      if (answer.status !== 201) continue;
      const step = plan[i]!;
      expected[i % CUSTOMERS]! -= step.amount;
      if (step.interbank) leftTheBank += step.amount;
      else expected[(i + 1) % CUSTOMERS]! += step.amount;
    }
    const after = await Promise.all(accounts.map(balanceOf));
    expect(after).toEqual(expected);
    // Assess: conservation — what the customers lost is exactly what went to NAPAS clearing
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    expect(sum(before) - sum(after)).toBe(leftTheBank);
    const interbankPostings = await Promise.all(
      booked
        .filter((answer) => answer.json.Data.Status === 'AcceptedSettlementInProcess')
        .map(async (answer) => {
          const id = answer.json.Data.DomesticPaymentId as string;
          return getPosting(`pst_${id}`);
        }),
    );
    expect(
      interbankPostings.every((posting) => posting?.creditAccountId === bankAccounts.napasClearing),
    ).toBe(true);
    expect(sum(interbankPostings.map((posting) => posting!.amount))).toBe(leftTheBank);
    // Assess: one posting per booked payment, and every history explains its balance
    expect(new Set(booked.map((answer) => answer.json.Data.DomesticPaymentId)).size).toBe(booked.length);
    for (const accountId of accounts) {
      const account = (await getAccount(accountId))!;
      expect(historyProblems(account, await ledgerHistory(accountId))).toEqual([]);
    }
  });
});
