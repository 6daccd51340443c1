import { beforeAll, describe, expect, it } from 'vitest';
import { createAisConsent, customerTokens } from '../fapi/scenario.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();

/**
 * Two fintechs, two customers. A serves customer X, who shared only her first account;
 * B serves customer Y. Every AIS route and id parameter is tried across those lines.
 */
describe('isolation between clients, customers and accounts', () => {
  let a: Fintech;
  let b: Fintech;
  let x: TestCustomer;
  let y: TestCustomer;
  let aCustomerToken: string;
  let bCustomerToken: string;
  let aClientToken: string;
  let bClientToken: string;
  let aConsent: string;

  beforeAll(async () => {
    [a, b, x, y] = await Promise.all([
      new Fintech(api.url).register({ scope: 'openid accounts offline_access' }),
      new Fintech(api.url).register({ scope: 'openid accounts offline_access' }),
      createCustomer([1_000_000, 2_000_000]),
      createCustomer([3_000_000]),
    ]);
    const created = await createAisConsent(a);
    aConsent = created.consentId;
    aClientToken = created.clientToken;
    const { url, codeVerifier, state } = await a.authorizationUrl(aConsent, 'openid accounts');
    const callback = await new CustomerBrowser().authorize(url, REDIRECT_URI, x.login, {
      approve: true,
      accounts: [x.accounts[0]!.accountId],
    });
    aCustomerToken = (await a.exchangeCode(callback, codeVerifier, state)).access_token;
    const bTokens = await customerTokens(b, y);
    bCustomerToken = bTokens.tokens.access_token;
    bClientToken = bTokens.clientToken;
  });

  const dataRoutes = (accountId: string) => [
    `/v1/aisp/accounts/${accountId}`,
    `/v1/aisp/accounts/${accountId}/balances`,
    `/v1/aisp/accounts/${accountId}/transactions`,
  ];

  function expectNothingLeaked(body: unknown, customer: TestCustomer) {
    const text = JSON.stringify(body);
    for (const account of customer.accounts) expect(text).not.toContain(account.accountNumber);
    expect(text).not.toContain(customer.name);
  }

  it("client B cannot read or revoke client A's consent", async () => {
    const read = await b.call(bClientToken, 'GET', `/v1/aisp/account-access-consents/${aConsent}`);
    const revoke = await b.call(bClientToken, 'DELETE', `/v1/aisp/account-access-consents/${aConsent}`);
    const stillThere = await a.call(aClientToken, 'GET', `/v1/aisp/account-access-consents/${aConsent}`);
    expect(read.status).toBe(404);
    expect(revoke.status).toBe(404);
    expect(stillThere.json.Data.Status).toBe('Authorised');
  });

  it("client B's customer token never reaches customer X's accounts", async () => {
    for (const account of x.accounts) {
      for (const path of dataRoutes(account.accountId)) {
        const result = await b.call(bCustomerToken, 'GET', path);
        expect([403, 404]).toContain(result.status);
        expectNothingLeaked(result.json, x);
      }
    }
  });

  it("customer X's token reaches only the account she chose, not her other one nor Y's", async () => {
    for (const accountId of [x.accounts[1]!.accountId, y.accounts[0]!.accountId]) {
      for (const path of dataRoutes(accountId)) {
        const result = await a.call(aCustomerToken, 'GET', path);
        expect(result.status).toBe(404);
        expectNothingLeaked(result.json, y);
      }
    }
    const list = await a.call(aCustomerToken, 'GET', '/v1/aisp/accounts');
    expect(list.json.Data.Account.map((acc: { AccountId: string }) => acc.AccountId)).toEqual([
      x.accounts[0]!.accountId,
    ]);
  });

  it("client A's token with client B's DPoP key is refused", async () => {
    const result = await b.call(aCustomerToken, 'GET', '/v1/aisp/accounts').catch((error: Error) => ({
      status: 401,
      json: { message: error.message },
    }));
    expect(result.status).toBe(401);
  });

  it("a customer cannot approve a consent with another customer's account", async () => {
    const { consentId, clientToken } = await createAisConsent(a);
    const { url } = await a.authorizationUrl(consentId, 'openid accounts');
    const outcome = await new CustomerBrowser()
      .authorize(url, REDIRECT_URI, x.login, { approve: true, accounts: [y.accounts[0]!.accountId] })
      .catch((error: Error) => error);
    const consent = await a.call(clientToken, 'GET', `/v1/aisp/account-access-consents/${consentId}`);
    expect(String(outcome)).toContain('consent did not redirect: 400');
    expect(consent.json.Data.Status).toBe('AwaitingAuthorisation');
  });
});
