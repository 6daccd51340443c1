import { describe, expect, it } from 'vitest';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer } from '../helpers/customers.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();

describe('FAPI 2.0 authorization-code flow bound to a consent', () => {
  it('register → client token → consent → PAR → login + approve → code → DPoP token → protected call', async () => {
    // Prepare
    const customer = await createCustomer([2_500_000, 10_000_000]);
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts' });
    const clientToken = await fintech.clientToken('accounts');
    const created = await fintech.call(
      clientToken,
      'POST',
      '/v1/aisp/account-access-consents',
      { Data: { Permissions: ['ReadAccountsDetail', 'ReadBalances'] }, Risk: {} },
      { 'x-idempotency-key': crypto.randomUUID() },
    );
    expect(created.status).toBe(201);
    const consentId = created.json.Data.ConsentId as string;

    // Act
    const { url, codeVerifier, state } = await fintech.authorizationUrl(consentId, 'openid accounts');
    const callback = await new CustomerBrowser().authorize(url, REDIRECT_URI, customer.login, {
      approve: true,
      accounts: [customer.accounts[0]!.accountId],
    });
    const tokens = await fintech.exchangeCode(callback, codeVerifier, state);
    const accounts = await fintech.call(tokens.access_token, 'GET', '/v1/aisp/accounts');

    // Assess
    expect(callback.searchParams.get('iss')).toBe(api.url);
    expect(tokens.token_type.toLowerCase()).toBe('dpop');
    expect(accounts.status).toBe(200);
    expect(accounts.json.Data.Account).toEqual([
      expect.objectContaining({
        AccountId: customer.accounts[0]!.accountId,
        Account: [expect.objectContaining({ Identification: customer.accounts[0]!.accountNumber })],
      }),
    ]);
    const consent = await fintech.call(clientToken, 'GET', `/v1/aisp/account-access-consents/${consentId}`);
    expect(consent.json.Data.Status).toBe('Authorised');
  });
});
