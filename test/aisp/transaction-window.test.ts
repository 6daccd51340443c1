import { beforeAll, describe, expect, it } from 'vitest';
import { bankAccounts } from '../../functions/domain/ledger/accounts.ts';
import { postTransfer } from '../../functions/store/ledger/transfer.ts';
import { customerTokens } from '../fapi/scenario.ts';
import { createCustomer, fund, type TestCustomer } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { countRoundTrips } from '../helpers/round-trips.ts';
import { initiation, otherBankPayee, PayingFintech } from '../payments/fixtures.ts';

const api = useGateway();

/** Debits an account back to the sandbox funding account, as a purchase would. */
function spend(accountId: string, amount: number) {
  return postTransfer({
    kind: 'sandbox-funding',
    amount,
    debit: { accountId, description: 'Mua hàng' },
    credit: { accountId: bankAccounts.sandboxFunding, description: `Hoàn sandbox ${accountId}` },
  });
}

type Listed = { TransactionId: string; BookingDateTime: string };

describe("a transactions query against the consent's window", () => {
  let fintech: Fintech;
  let customer: TestCustomer;
  let account: string;
  let booked: Listed[];

  beforeAll(async () => {
    customer = await createCustomer([1_000_000]);
    account = customer.accounts[0]!.accountId;
    for (let i = 1; i <= 4; i++) await fund(account, 1_000 * i, `Chuyển khoản ${i}`);
    fintech = await new Fintech(api.url).register({ scope: 'openid accounts offline_access' });
    const { tokens } = await customerTokens(fintech, customer);
    const all = await fintech.call(tokens.access_token, 'GET', `/v1/aisp/accounts/${account}/transactions`);
    booked = [...all.json.Data.Transaction].reverse();
  });

  const list = async (token: string, query: string) =>
    fintech.call(token, 'GET', `/v1/aisp/accounts/${account}/transactions${query}`);
  const ids = (answer: { json: { Data: { Transaction: Listed[] } } }) =>
    answer.json.Data.Transaction.map((t) => t.TransactionId).reverse();

  it('lists the overlap of asked dates with the window, empty when they miss it, rather than a 400', async () => {
    // Prepare: a consent whose window runs from the 2nd to the 4th booking.
    const { tokens } = await customerTokens(fintech, customer, {
      TransactionFromDateTime: booked[2]!.BookingDateTime,
      TransactionToDateTime: booked[4]!.BookingDateTime,
    });
    const at = (i: number) => encodeURIComponent(booked[i]!.BookingDateTime);
    // Act
    const wider = await list(
      tokens.access_token,
      `?fromBookingDateTime=${at(0)}&toBookingDateTime=2100-01-01T00:00:00Z`,
    );
    const before = await list(tokens.access_token, `?toBookingDateTime=${at(1)}`);
    // Assess
    expect(wider.status).toBe(200);
    expect(ids(wider)).toEqual(booked.slice(2, 5).map((t) => t.TransactionId));
    expect(before.status).toBe(200);
    expect(before.json.Data.Transaction).toEqual([]);
  });

  it('reads a toBookingDateTime in whole seconds as the end of that second, and shows no made-up Meta dates', async () => {
    // Prepare
    const { tokens } = await customerTokens(fintech, customer);
    const last = booked.at(-1)!;
    const wholeSecond = `${last.BookingDateTime.slice(0, 19)}Z`;
    // Act
    const answer = await list(tokens.access_token, `?toBookingDateTime=${encodeURIComponent(wholeSecond)}`);
    // Assess
    expect(ids(answer).at(-1)).toBe(last.TransactionId);
    expect(answer.json.Meta).not.toHaveProperty('FirstAvailableDateTime');
    expect(answer.json.Meta?.LastAvailableDateTime).toBe(`${last.BookingDateTime.slice(0, 19)}.999Z`);
  });

  it('finds the credits of a credits-only consent behind hundreds of debits in a round trip or two', async () => {
    // Prepare: the opening credit, 200 debits, then 25 credits: the page's 26th match, which
    // tells whether a next page exists, lies behind all the debits.
    const payer = await createCustomer([10_000_000]);
    const spender = payer.accounts[0]!.accountId;
    for (let i = 0; i < 200; i++) await spend(spender, 1_000);
    for (let i = 0; i < 25; i++) await fund(spender, 2_000);
    const { tokens } = await customerTokens(fintech, payer, {
      Permissions: ['ReadAccountsBasic', 'ReadTransactionsBasic', 'ReadTransactionsCredits'],
    });
    // Act
    const { result, roundTrips } = await countRoundTrips(() =>
      fintech.call(tokens.access_token, 'GET', `/v1/aisp/accounts/${spender}/transactions?pageSize=25`),
    );
    // Assess
    expect(result.json.Data.Transaction).toHaveLength(25);
    expect(result.json.Links.Next).toBeDefined();
    expect(roundTrips).toBeLessThanOrEqual(3);
  });

  it('shows a payment to a card as VN.CardNumber, masked to its BIN and last four digits', async () => {
    // Prepare
    const payer = await createCustomer([5_000_000]);
    const paying = await PayingFintech.register(api.url);
    const init = initiation({ ...otherBankPayee('9704360123456780'), scheme: 'VN.CardNumber' }, '150000');
    const { consentId, token } = await paying.authorisedConsent(payer, init);
    // Act
    const paid = await paying.pay(token, consentId, init);
    const { tokens } = await customerTokens(fintech, payer);
    const listed = await fintech.call(
      tokens.access_token,
      'GET',
      `/v1/aisp/accounts/${payer.accounts[0]!.accountId}/transactions`,
    );
    // Assess
    expect(paid.status).toBe(201);
    expect(listed.json.Data.Transaction[0].CreditorAccount).toEqual({
      SchemeName: 'VN.CardNumber',
      Name: 'TRẦN THỊ BÌNH',
      Identification: '970436******6780',
    });
  });
});
