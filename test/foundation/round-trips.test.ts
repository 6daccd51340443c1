import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { customerTokens } from '../fapi/scenario.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { countRoundTrips } from '../helpers/round-trips.ts';
import { initiation, PayingFintech, payeeOf } from '../payments/fixtures.ts';

/**
 * What each operation costs in DynamoDB, counted by an SDK middleware on the platform's one
 * client while the request runs through the real gateway, chain, handler and engine. The
 * figures are exact: a change that adds a call or a serial round trip fails here, and one that
 * removes a call updates this table on purpose. Before issue 11 (commit 15fffa0): account read
 * 3 calls in 3 round trips, accounts list (2 accounts) 4/3, balances 3/3, transactions 4/4, payment 5/5, replay 3/3, a
 * payment with a bad body 4/4; an account outside the consent 2/2, a bad transactions query 3/3.
 */
const EXPECTED = {
  accountRead: { calls: ['PutItem', 'BatchGetItem'], roundTrips: 1 },
  accountsList: { calls: ['PutItem', 'BatchGetItem'], roundTrips: 1 },
  balances: { calls: ['PutItem', 'BatchGetItem'], roundTrips: 1 },
  transactions: { calls: ['PutItem', 'BatchGetItem', 'Query'], roundTrips: 2 },
  accountOutsideConsent: { calls: ['PutItem', 'BatchGetItem'], roundTrips: 1 },
  badTransactionQuery: { calls: ['PutItem', 'BatchGetItem'], roundTrips: 1 },
  payment: {
    calls: ['PutItem', 'BatchGetItem', 'PutItem', 'BatchGetItem', 'TransactWriteItems'],
    roundTrips: 4,
  },
  paymentReplay: { calls: ['PutItem', 'BatchGetItem', 'PutItem'], roundTrips: 2 },
  paymentBadBody: { calls: ['PutItem', 'BatchGetItem', 'PutItem', 'DeleteItem'], roundTrips: 3 },
};

// The operator's limits are read in the background: kept out of every window (no part of a request).
const api = useGateway({ limits: false });

describe('DynamoDB round trips per operation', () => {
  let reader: Fintech;
  let payer: PayingFintech;
  let customer: TestCustomer;
  let payee: TestCustomer;
  let readToken: string;

  beforeAll(async () => {
    [reader, payer, customer, payee] = await Promise.all([
      new Fintech(api.url).register({ scope: 'openid accounts offline_access' }),
      PayingFintech.register(api.url),
      createCustomer([50_000_000, 1_000_000]),
      createCustomer([0]),
    ]);
    ({
      tokens: { access_token: readToken },
    } = await customerTokens(reader, customer));
    // Warm: JWKS fetched, the token verified once, every handler module loaded.
    const account = customer.accounts[0]!.accountId;
    await reader.call(readToken, 'GET', `/v1/aisp/accounts/${account}/transactions`);
    await reader.call(readToken, 'GET', '/v1/aisp/accounts');
  });

  const read = (path: string) => countRoundTrips(() => reader.call(readToken, 'GET', path));

  it('reads an account, the list, balances and transactions in the expected round trips', async () => {
    // Prepare
    const account = customer.accounts[0]!.accountId;
    // Act
    const accountRead = await read(`/v1/aisp/accounts/${account}`);
    const accountsList = await read('/v1/aisp/accounts');
    const balances = await read(`/v1/aisp/accounts/${account}/balances`);
    const transactions = await read(`/v1/aisp/accounts/${account}/transactions`);
    // Assess
    expect([accountRead, accountsList, balances, transactions].map((r) => r.result.status)).toEqual([
      200, 200, 200, 200,
    ]);
    expect(accountsList.result.json.Data.Account).toHaveLength(2);
    const figures = { accountRead, accountsList, balances, transactions };
    for (const [name, { calls, roundTrips }] of Object.entries(figures)) {
      expect({ name, calls, roundTrips }).toEqual({ name, ...EXPECTED[name as keyof typeof EXPECTED] });
    }
  });

  it('answers bad account-information requests without an extra round trip', async () => {
    // Prepare
    const account = customer.accounts[0]!.accountId;
    // Act
    const accountOutsideConsent = await read(`/v1/aisp/accounts/acc-${randomUUID()}`);
    const badTransactionQuery = await read(`/v1/aisp/accounts/${account}/transactions?pageSize=0`);
    // Assess
    expect(accountOutsideConsent.result.status).toBe(404);
    expect(badTransactionQuery.result.status).toBe(400);
    const figures = { accountOutsideConsent, badTransactionQuery };
    for (const [name, { calls, roundTrips }] of Object.entries(figures)) {
      expect({ name, calls, roundTrips }).toEqual({ name, ...EXPECTED[name as keyof typeof EXPECTED] });
    }
  });

  it('makes a payment, replays it and refuses a bad body in the expected round trips', async () => {
    // Prepare: two authorised consents (one to pay, one for the bad body), and one warm-up payment
    const [warm, paid, refused] = await Promise.all(
      ['1000', '150000', '2000'].map((amount) =>
        payer.authorisedConsent(customer, initiation(payeeOf(payee), amount)),
      ),
    );
    expect((await payer.pay(warm!.token, warm!.consentId, warm!.initiation)).status).toBe(201);
    const key = randomUUID();
    // Act
    const payment = await countRoundTrips(() =>
      payer.pay(paid!.token, paid!.consentId, paid!.initiation, { key }),
    );
    const paymentReplay = await countRoundTrips(() =>
      payer.pay(paid!.token, paid!.consentId, paid!.initiation, { key }),
    );
    const paymentBadBody = await countRoundTrips(() =>
      payer.pay(refused!.token, refused!.consentId, refused!.initiation, {
        body: { Data: { ConsentId: refused!.consentId }, Risk: {} },
      }),
    );
    // Assess
    expect(payment.result.status).toBe(201);
    expect(paymentReplay.result.status).toBe(201);
    expect(paymentReplay.result.headers.get('x-idempotent-replayed')).toBe('true');
    expect(paymentReplay.result.json).toEqual(payment.result.json);
    expect(paymentBadBody.result.status).toBe(400);
    const figures = { payment, paymentReplay, paymentBadBody };
    for (const [name, { calls, roundTrips }] of Object.entries(figures)) {
      expect({ name, calls, roundTrips }).toEqual({ name, ...EXPECTED[name as keyof typeof EXPECTED] });
    }
  });
});
