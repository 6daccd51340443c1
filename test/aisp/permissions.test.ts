import { describe, expect, it } from 'vitest';
import { customerTokens } from '../fapi/scenario.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer } from '../helpers/customers.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { initiation, payeeOf } from '../payments/fixtures.ts';

const api = useGateway();

describe('what an account-access consent lets its token read', () => {
  it('refuses what the consent does not grant with 403 VN.OB.Consent.PermissionMissing', async () => {
    const customer = await createCustomer([1_000_000]);
    const account = customer.accounts[0]!.accountId;
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts offline_access' });
    const { tokens } = await customerTokens(fintech, customer, { Permissions: ['ReadBalances'] });
    const token = tokens.access_token;

    const list = await fintech.call(token, 'GET', '/v1/aisp/accounts');
    const one = await fintech.call(token, 'GET', `/v1/aisp/accounts/${account}`);
    const transactions = await fintech.call(token, 'GET', `/v1/aisp/accounts/${account}/transactions`);
    const balances = await fintech.call(token, 'GET', `/v1/aisp/accounts/${account}/balances`);

    for (const refused of [list, one]) {
      expect(refused.status).toBe(403);
      expect(refused.json.Errors[0]).toEqual({
        ErrorCode: 'VN.OB.Consent.PermissionMissing',
        Message: 'the consent does not grant ReadAccountsBasic or ReadAccountsDetail',
      });
    }
    expect(transactions.status).toBe(403);
    expect(transactions.json.Errors[0]).toEqual({
      ErrorCode: 'VN.OB.Consent.PermissionMissing',
      Message: 'the consent does not grant ReadTransactionsBasic or ReadTransactionsDetail',
    });
    expect(balances.status).toBe(200);
  });

  it('answers 404 for an account outside the consent before looking at the query', async () => {
    const customer = await createCustomer([1_000_000]);
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts offline_access' });
    const { tokens } = await customerTokens(fintech, customer);
    const outside = await fintech.call(
      tokens.access_token,
      'GET',
      '/v1/aisp/accounts/acc-not-under-this-consent/transactions?pageSize=1',
    );
    expect(outside.status).toBe(404);
    expect(outside.json.Errors[0]).toEqual({
      ErrorCode: 'UK.OBIE.Resource.NotFound',
      Message: 'No account acc-not-under-this-consent under this consent.',
    });
  });

  it("refuses a payment consent's token on account routes with 403 VN.OB.Consent.WrongKind", async () => {
    const customer = await createCustomer([1_000_000, 500_000]);
    const fintech = await new Fintech(api.url).register({ scope: 'openid payments accounts' });
    const created = await fintech.call(
      await fintech.clientToken('payments'),
      'POST',
      '/v1/pisp/domestic-payment-consents',
      { Data: { Initiation: initiation(payeeOf(customer, 1), '1000') }, Risk: {} },
      { 'x-idempotency-key': crypto.randomUUID() },
    );
    expect(created.status).toBe(201);
    const { url, codeVerifier, state } = await fintech.authorizationUrl(
      created.json.Data.ConsentId,
      'openid payments accounts',
    );
    const callback = await new CustomerBrowser().authorize(url, REDIRECT_URI, customer.login, {
      approve: true,
      accounts: [customer.accounts[0]!.accountId],
    });
    const tokens = await fintech.exchangeCode(callback, codeVerifier, state);

    const refused = await fintech.call(tokens.access_token, 'GET', '/v1/aisp/accounts');
    expect(refused.status).toBe(403);
    expect(refused.json.Errors[0]).toEqual({
      ErrorCode: 'VN.OB.Consent.WrongKind',
      Message: 'this token was granted for a payment, not for account access',
    });
  });
});
