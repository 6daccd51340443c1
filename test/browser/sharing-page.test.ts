import { describe, expect, it } from 'vitest';
import { getConsent } from '../../functions/store/consents.ts';
import { customerTokens } from '../fapi/scenario.ts';
import { useBrowser } from '../helpers/browser.ts';
import { createCustomer } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { initiation, PayingFintech, payeeOf } from '../payments/fixtures.ts';

const api = useGateway();
const chromium = useBrowser();

describe("the customer's sharing page (Circular 64: see and withdraw consent at any time)", () => {
  it('lists active sharing by company and revoking there stops the fintech at once', async () => {
    // Prepare
    const customer = await createCustomer([4_000_000]);
    const fintech = await new Fintech(api.url).register({
      scope: 'openid accounts offline_access',
      client_name: 'Tiết Kiệm Nhanh',
    });
    const { tokens, consentId, clientToken } = await customerTokens(fintech, customer);
    expect((await fintech.call(tokens.access_token, 'GET', '/v1/aisp/accounts')).status).toBe(200);
    const page = await chromium.browser.newPage();

    // Act
    await page.goto(`${api.url}/account/consents`);
    await page.getByLabel('Username').fill(customer.login.username);
    await page.getByLabel('Password', { exact: true }).fill(customer.login.password);
    await page.getByLabel('One-time password').fill(customer.login.otp);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const company = page.getByRole('region', { name: 'Tiết Kiệm Nhanh' });
    const listed = await company.innerText();
    await page.getByRole('button', { name: 'Revoke Tiết Kiệm Nhanh' }).click();
    await page.getByRole('heading', { name: 'Trước đây' }).waitFor();
    const after = await page.locator('main').innerText();

    // Assess
    expect(listed).toContain('Đang chia sẻ');
    expect(listed).toContain(customer.accounts[0]!.accountNumber);
    expect(after).toContain('Đã thu hồi');
    const data = await fintech.call(tokens.access_token, 'GET', '/v1/aisp/accounts');
    expect(data.status).toBe(403);
    expect(data.json.Errors[0].ErrorCode).toBe('VN.OB.Consent.Revoked');
    const consent = await fintech.call(clientToken, 'GET', `/v1/aisp/account-access-consents/${consentId}`);
    expect(consent.json.Data.Status).toBe('Revoked');
    await page.close();
  });

  it("refuses to withdraw a payment's consent from the page, as the API has no DELETE for one (403); it stays Authorised", async () => {
    // Prepare: the customer signed in to the sharing page, and a payment consent of theirs.
    const customer = await createCustomer([4_000_000]);
    const payee = await createCustomer([0]);
    const fintech = await PayingFintech.register(api.url);
    const { consentId } = await fintech.authorisedConsent(customer, initiation(payeeOf(payee), '10000'));
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const login = await rawRequest(`${api.url}/account/login`, {
      method: 'POST',
      headers: form,
      body: new URLSearchParams(customer.login).toString(),
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const page = await rawRequest(`${api.url}/account/consents`, { method: 'GET', headers: { cookie } });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1]!;
    // Act
    const refused = await rawRequest(`${api.url}/account/consents/${consentId}/revoke`, {
      method: 'POST',
      headers: { ...form, cookie },
      body: `csrf=${encodeURIComponent(csrf)}`,
    });
    // Assess
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('VN.OB.Consent.WrongKind');
    expect((await getConsent(consentId))?.status).toBe('Authorised');
  });

  it('refuses a revoke posted without the session (another site cannot revoke for the customer)', async () => {
    const response = await fetch(`${api.url}/account/consents/aac-x/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'csrf=guess',
    });
    expect(response.status).toBe(403);
  });
});
