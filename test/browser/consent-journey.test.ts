import { describe, expect, it } from 'vitest';
import { createAisConsent } from '../fapi/scenario.ts';
import { useBrowser } from '../helpers/browser.ts';
import { createCustomer } from '../helpers/customers.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();
const chromium = useBrowser();

describe('customer journey in a real browser', () => {
  it('signs in, approves the chosen account and lands on the client with code and iss', async () => {
    // Prepare
    const customer = await createCustomer([3_000_000, 7_000_000]);
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts', client_name: 'Ví Xanh' });
    const { consentId, clientToken } = await createAisConsent(fintech);
    const { url, codeVerifier, state } = await fintech.authorizationUrl(consentId, 'openid accounts');
    const page = await chromium.browser.newPage();
    let landed: URL | undefined;
    await page.route(`${REDIRECT_URI}**`, (route) => {
      landed = new URL(route.request().url());
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<p>Fintech callback</p>' });
    });

    // Act
    await page.goto(url.href);
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByLabel('Username').fill(customer.login.username);
    await page.getByLabel('Password', { exact: true }).fill(customer.login.password);
    await page.getByLabel('One-time password').fill(customer.login.otp);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('client-name').waitFor();
    const consentText = await page.locator('main').innerText();
    await page.getByLabel(customer.accounts[1]!.accountNumber).check();
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(`${REDIRECT_URI}**`);

    // Assess
    expect(consentText).toContain('Ví Xanh');
    expect(consentText).toContain('Xem số dư tài khoản');
    expect(consentText).toContain('Không bao giờ chia sẻ mã OTP');
    expect(landed?.searchParams.get('iss')).toBe(api.url);
    expect(landed?.searchParams.get('state')).toBe(state);
    const tokens = await fintech.exchangeCode(landed!, codeVerifier, state);
    const accounts = await fintech.call(tokens.access_token, 'GET', '/v1/aisp/accounts');
    expect(accounts.json.Data.Account.map((a: { AccountId: string }) => a.AccountId)).toEqual([
      customer.accounts[1]!.accountId,
    ]);
    const consent = await fintech.call(clientToken, 'GET', `/v1/aisp/account-access-consents/${consentId}`);
    expect(consent.json.Data.Status).toBe('Authorised');
    await page.close();
  });

  it('denying sends the customer back with access_denied and rejects the consent', async () => {
    const customer = await createCustomer();
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts' });
    const { consentId, clientToken } = await createAisConsent(fintech);
    const { url } = await fintech.authorizationUrl(consentId, 'openid accounts', { ui_locales: 'en' });
    const page = await chromium.browser.newPage();
    let landed: URL | undefined;
    await page.route(`${REDIRECT_URI}**`, (route) => {
      landed = new URL(route.request().url());
      return route.fulfill({ status: 200, body: 'callback' });
    });

    await page.goto(url.href);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByLabel('Username').fill(customer.login.username);
    await page.getByLabel('Password', { exact: true }).fill(customer.login.password);
    await page.getByLabel('One-time password').fill(customer.login.otp);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Deny' }).click();
    await page.waitForURL(`${REDIRECT_URI}**`);

    expect(landed?.searchParams.get('error')).toBe('access_denied');
    const consent = await fintech.call(clientToken, 'GET', `/v1/aisp/account-access-consents/${consentId}`);
    expect(consent.json.Data.Status).toBe('Rejected');
    await page.close();
  });

  it('tells the customer when the sign-in is wrong, without saying which part', async () => {
    const customer = await createCustomer();
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts' });
    const { consentId } = await createAisConsent(fintech);
    const { url } = await fintech.authorizationUrl(consentId, 'openid accounts');
    const page = await chromium.browser.newPage();
    await page.goto(url.href);
    await page.getByLabel('Username').fill(customer.login.username);
    await page.getByLabel('Password', { exact: true }).fill('wrong password');
    await page.getByLabel('One-time password').fill(customer.login.otp);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.getByRole('alert').innerText()).toBe('Thông tin đăng nhập hoặc mã OTP không đúng.');
    await page.screenshot({ path: `${process.env.DATA_DIR}/login-error.png` });
    await page.close();
  });
});
