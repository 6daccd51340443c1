import { describe, expect, it } from 'vitest';
import { getConsent } from '../../functions/store/consents.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { createAisConsent } from './scenario.ts';

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

  /** A browser signed in on the consent step of a fresh consent: the URL its Approve form posts to. */
  async function onConsentStep(fintech: Fintech, customer: TestCustomer) {
    const browser = new CustomerBrowser();
    const { consentId } = await createAisConsent(fintech);
    const authorization = await fintech.authorizationUrl(consentId, 'openid accounts');
    const login = await browser.open(authorization.url, REDIRECT_URI);
    const consentStep = await browser.submit(
      login.url,
      await login.response.text(),
      [
        ['username', customer.login.username],
        ['password', customer.login.password],
        ['otp', customer.login.otp],
      ],
      REDIRECT_URI,
    );
    await consentStep.response.text();
    return {
      browser,
      consentId,
      authorization,
      confirmUrl: new URL(`${consentStep.url.pathname}/confirm`, consentStep.url),
    };
  }

  it.each(['one after the other', 'at once'])(
    'approving twice (%s) still gives the client its code, for the one Authorised consent',
    async (mode) => {
      // Prepare
      const customer = await createCustomer();
      const fintech = await new Fintech(api.url).register({ scope: 'openid accounts' });
      const { browser, consentId, authorization, confirmUrl } = await onConsentStep(fintech, customer);
      const approve = () =>
        browser.fetch(confirmUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: `decision=approve&account=${customer.accounts[0]!.accountId}`,
        });
      // Act
      const [first, second] =
        mode === 'at once' ? await Promise.all([approve(), approve()]) : [await approve(), await approve()];
      const callback = await browser.open(
        second.headers.get('location') ?? first.headers.get('location')!,
        REDIRECT_URI,
      );
      const tokens = await fintech.exchangeCode(
        callback.url,
        authorization.codeVerifier,
        authorization.state,
      );
      const accounts = await fintech.call(tokens.access_token, 'GET', '/v1/aisp/accounts');
      // Assess
      expect([first.status, second.status]).toEqual([303, 303]);
      expect(callback.url.searchParams.get('error')).toBeNull();
      expect(accounts.status).toBe(200);
      expect((await getConsent(consentId))?.status).toBe('Authorised');
    },
  );

  it('shows the consent page again for a form without a decision: only an explicit Deny rejects', async () => {
    // Prepare
    const customer = await createCustomer();
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts' });
    const { browser, consentId, confirmUrl } = await onConsentStep(fintech, customer);
    // Act
    const answer = await browser.fetch(confirmUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `account=${customer.accounts[0]!.accountId}`,
    });
    // Assess
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('Vui lòng chọn Đồng ý hoặc Từ chối.');
    expect((await getConsent(consentId))?.status).toBe('AwaitingAuthorisation');
  });

  it('answers an oversized form with a 413 page and a cookie of another interaction with a 400 page, never a 500', async () => {
    // Prepare
    const customer = await createCustomer();
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts' });
    const ours = await onConsentStep(fintech, customer);
    const theirs = new CustomerBrowser();
    const other = await fintech.authorizationUrl(
      (await createAisConsent(fintech)).consentId,
      'openid accounts',
    );
    const theirLogin = await theirs.open(other.url, REDIRECT_URI);
    // Act
    const oversized = await ours.browser.fetch(ours.confirmUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `decision=approve&${Array.from({ length: 2_000 }, () => `account=${customer.accounts[0]!.accountId}`).join('&')}`,
    });
    const crossed = await ours.browser.fetch(theirLogin.url);
    // Assess
    expect(oversized.status).toBe(413);
    expect(await oversized.text()).toContain('invalid_request');
    expect(crossed.status).toBe(400);
    expect(await crossed.text()).toContain('session_expired');
    expect((await getConsent(ours.consentId))?.status).toBe('AwaitingAuthorisation');
  });
});
