import { beforeAll, describe, expect, it } from 'vitest';
import { bankAccounts } from '../../functions/domain/ledger/accounts.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { getPostings, inParallel, shardedHistory } from '../ledger/fixtures.ts';
import { balanceOf, initiation, otherBankPayee, PayingFintech } from './fixtures.ts';

const api = useGateway();

const PAYERS = 50;
const BALANCE = 1_000_000;

describe('the hot NAPAS clearing account under 50 concurrent interbank payments', () => {
  let fintech: PayingFintech;
  let payers: TestCustomer[];
  let authorised: Awaited<ReturnType<PayingFintech['authorisedConsent']>>[];

  // Every payment needs its customer's OAuth journey: all of them are authorised up front.
  beforeAll(async () => {
    fintech = await PayingFintech.register(api.url);
    payers = await inParallel(
      Array.from({ length: PAYERS }, () => () => createCustomer([BALANCE])),
      5,
    );
    authorised = await inParallel(
      payers.map(
        (payer, i) => () =>
          fintech.authorisedConsent(payer, initiation(otherBankPayee(), String(10_000 + i * 100)), {
            browser: new CustomerBrowser(),
          }),
      ),
      4,
    );
  }, 300_000);

  it('books every payment at once (no 409, no 5xx) and keeps the sum of balances', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const accounts = payers.map((payer) => payer.accounts[0]!.accountId);
    const before = await Promise.all(accounts.map(balanceOf));
    // Act: all 50 in flight together, each crediting NAPAS clearing
    const answers = await Promise.all(
      authorised.map((consent) => fintech.pay(consent.token, consent.consentId, consent.initiation)),
    );
    // Assess: every payment booked, none refused as busy, none failed
    expect(answers.map((answer) => answer.status)).toEqual(Array(PAYERS).fill(201));
    expect(answers.every((answer) => answer.json.Data.Status === 'AcceptedSettlementInProcess')).toBe(true);
    // Assess: what the customers lost is exactly what reached clearing, one entry per payment on
    // the shard its posting names. (Clearing's own balance is shared with the test files running
    // alongside, so its part of the sum is counted from these payments' entries on it.)
    const after = await Promise.all(accounts.map(balanceOf));
    const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
    const paid = sum(authorised.map((consent) => Number(consent.initiation.InstructedAmount.Amount)));
    expect(sum(before) - sum(after)).toBe(paid);
    const postings = await getPostings(
      answers.map((answer) => `pst_${answer.json.Data.DomesticPaymentId as string}`),
    );
    expect(postings).toHaveLength(PAYERS);
    const onClearing = (await shardedHistory(bankAccounts.napasClearing)).filter((entry) =>
      postings.some((posting) => posting.postingId === entry.postingId),
    );
    expect(onClearing).toHaveLength(PAYERS);
    for (const entry of onClearing) {
      const posting = postings.find((p) => p.postingId === entry.postingId)!;
      expect(entry).toMatchObject({
        creditDebit: 'Credit',
        amount: posting.amount,
        shard: posting.creditShard,
      });
    }
    expect(sum(before)).toBe(sum(after) + sum(onClearing.map((entry) => entry.amount)));
    expect(new Set(postings.map((posting) => posting.creditShard)).size).toBeGreaterThan(4);
  });
});
