import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/keys.ts';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { useBrowser } from '../helpers/browser.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { rawRequest } from '../helpers/raw-http.ts';
import { CityPartner, interceptPortal, RETURN_URL, signIn } from './portal.ts';

const api = useGateway();
const chromium = useBrowser();

async function balanceOf(customer: TestCustomer): Promise<number> {
  return (await getAccount(customer.accounts[0]!.accountId))!.balance;
}

async function scenario(amount: number) {
  const partner = await new CityPartner(api.url).register();
  const bill = await partner.issueBill(amount);
  const opened = await partner.openSession(bill.BillId);
  expect(opened.status).toBe(201);
  const customer = await createCustomer([20_000_000]);
  return { partner, bill, session: opened.json.Data as { CheckoutSessionId: string; Url: string }, customer };
}

async function signedInPage(url: string, customer: TestCustomer) {
  const context = await chromium.browser.newContext();
  const page = await context.newPage();
  await interceptPortal(page);
  await page.goto(url);
  await signIn(page, customer.login);
  return { context, page };
}

/** The Confirm form of a page, as the page would post it (its CSRF token, its first account). */
async function confirmFields(page: Page, otp = '123456'): Promise<string> {
  const csrf = await page.locator('form[action$="/confirm?lang=vi"] input[name=csrf]').inputValue();
  const account = await page.locator('input[name=account]').first().inputValue();
  return new URLSearchParams({ csrf, account, otp }).toString();
}

/** Posts the Confirm form from the page's own browser context (its cookies). */
function postConfirm(page: Page, url: string, form: string) {
  return page.request.post(`${url}/confirm?lang=vi`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: form,
    maxRedirects: 0,
  });
}

/** A customer's bank app paying the bill's VietQR (the sandbox's scanned-code payment). */
async function payByQr(bill: { Qr: { Payload: string } }, scanner: TestCustomer) {
  const answer = await fetch(`${api.url}/sandbox/qr-payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      Data: {
        Payload: bill.Qr.Payload,
        Username: scanner.login.username,
        Password: scanner.login.password,
        AccountId: scanner.accounts[0]!.accountId,
      },
    }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: asserted field by field
  return { status: answer.status, json: (await answer.json()) as any };
}

async function expireSession(sessionId: string): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: mainTableName(),
      Key: keys.checkoutSession(sessionId),
      UpdateExpression: 'SET expiresAt = :past',
      ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
    }),
  );
}

describe('checkout misuse and bad input (issue 14): each refused with a 4xx naming the cause, nothing moves', {
  timeout: 120_000,
}, () => {
  it("refuses a ReturnUrl that is not registered or not https, a bad Locale, another partner's bill and a tampered session id", async () => {
    // Prepare
    const partner = await new CityPartner(api.url).register();
    const other = await new CityPartner(api.url).register('Sở Giao thông Vận tải');
    const bill = await partner.issueBill(500_000);

    // Act
    const unregistered = await partner.openSession(bill.BillId, { ReturnUrl: 'https://evil.example/steal' });
    const plain = await partner.openSession(bill.BillId, {
      ReturnUrl: RETURN_URL.replace('https:', 'http:'),
    });
    const badLocale = await partner.openSession(bill.BillId, { ReturnUrl: RETURN_URL, Locale: 'fr' });
    const othersBill = await other.openSession(bill.BillId);
    const tampered = await partner.call('GET', '/v1/checkout-sessions/cs_tampered');

    // Assess
    expect(unregistered.status).toBe(400);
    expect(unregistered.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Checkout.ReturnUrlNotRegistered',
      Path: 'Data.ReturnUrl',
    });
    expect(plain.status).toBe(400);
    expect(plain.json.Errors[0].ErrorCode).toBe('VN.OB.Checkout.ReturnUrlNotHttps');
    expect(badLocale.status).toBe(400);
    expect(badLocale.json.Errors[0].Path).toBe('Data.Locale');
    expect(othersBill.status).toBe(404);
    expect(othersBill.json.Errors[0].ErrorCode).toBe('UK.OBIE.Resource.NotFound');
    expect(tampered.status).toBe(404);
  });

  it('is idempotent per key, and a bill that is no longer payable gets no session', async () => {
    // Prepare
    const partner = await new CityPartner(api.url).register();
    const bill = await partner.issueBill(500_000);

    // Act
    const first = await partner.openSession(bill.BillId, { ReturnUrl: RETURN_URL }, 'same-key');
    const again = await partner.openSession(bill.BillId, { ReturnUrl: RETURN_URL }, 'same-key');
    await partner.call('POST', `/v1/bills/${bill.BillId}/cancel`);
    const cancelled = await partner.openSession(bill.BillId);

    // Assess
    expect(first.status).toBe(201);
    expect(again.json.Data.CheckoutSessionId).toBe(first.json.Data.CheckoutSessionId);
    expect(Date.parse(first.json.Data.ExpiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    expect(new URL(first.json.Data.Url).origin).toBe(new URL(api.url).origin);
    expect(cancelled.status).toBe(409);
    expect(cancelled.json.Errors[0].ErrorCode).toBe('VN.OB.Checkout.BillNotPayable');
  });

  it('a tampered session id shows the not-found page in both languages (404)', async () => {
    // Act
    const response = await fetch(`${api.url}/checkout/cs_${'A'.repeat(43)}`);
    const page = await response.text();

    // Assess
    expect(response.status).toBe(404);
    expect(page).toContain('VN.OB.Checkout.SessionNotFound');
    expect(page).toContain('Không tìm thấy phiên thanh toán');
    expect(page).toContain('No such payment page');
  });

  it('signs in whatever the lang parameter holds, and redirects with a language of its own (no 500 stranding the session)', async () => {
    // Prepare
    const { session, customer } = await scenario(100_000);
    const form = 'application/x-www-form-urlencoded';
    const page = await rawRequest(session.Url, { method: 'GET' });
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)![1]!;
    // Act: "ệ" cannot be written into a header; CR LF would split one.
    const signedIn = await rawRequest(`${session.Url}/login?lang=%E1%BB%87%0D%0ASet-Cookie:%20x=1`, {
      method: 'POST',
      headers: { 'content-type': form },
      body: new URLSearchParams({ csrf, ...customer.login }).toString(),
    });
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
    const after = await rawRequest(session.Url, { method: 'GET', headers: { cookie } });
    // Assess
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.location).toMatch(/\?lang=vi$/);
    expect(after.status).toBe(200);
    expect(after.text).toContain('name="account"');
  });

  it('Confirm with a wrong OTP is a 400 naming it and moves nothing; the fifth wrong OTP closes the session (429)', async () => {
    // Prepare
    const { session, customer } = await scenario(700_000);
    const { context, page } = await signedInPage(session.Url, customer);
    const wrong = await confirmFields(page, '000000');

    // Act
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await postConfirm(page, session.Url, wrong));
    const afterwards = await postConfirm(page, session.Url, await confirmFields(page));

    // Assess
    expect(answers.slice(0, 4).map((answer) => answer.status())).toEqual([400, 400, 400, 400]);
    expect(await answers[0]!.text()).toContain('VN.OB.Checkout.WrongOtp');
    expect(answers[4]!.status()).toBe(429);
    expect(await answers[4]!.text()).toContain('VN.OB.Checkout.TooManyOtpAttempts');
    expect(afterwards.status()).toBe(409);
    expect(await balanceOf(customer)).toBe(20_000_000);
    await context.close();
  });

  it('expired: the page says so in both languages and Confirm after expiry is a 409; nothing moves', async () => {
    // Prepare
    const { session, customer } = await scenario(700_000);
    const { context, page } = await signedInPage(session.Url, customer);
    const form = await confirmFields(page);
    await expireSession(session.CheckoutSessionId);

    // Act
    const confirmAnswer = await postConfirm(page, session.Url, form);
    const reopened = await page.goto(session.Url);
    const shown = await page.locator('main').innerText();

    // Assess
    expect(confirmAnswer.status()).toBe(409);
    expect(await confirmAnswer.text()).toContain('VN.OB.Checkout.SessionExpired');
    expect(reopened!.status()).toBe(409);
    expect(shown).toContain('Phiên thanh toán đã hết hạn');
    expect(shown).toContain('This payment page has expired');
    expect(await balanceOf(customer)).toBe(20_000_000);
    await context.close();
  });

  it('reused: Confirm twice pays once (the second is a 409), the used link shows the used page, a tampered result fails verification', async () => {
    // Prepare
    const { session, customer } = await scenario(900_000);
    const { context, page } = await signedInPage(session.Url, customer);
    const form = await confirmFields(page);

    // Act
    const [one, two] = await Promise.all([
      postConfirm(page, session.Url, form),
      postConfirm(page, session.Url, form),
    ]);
    const reopened = await page.goto(session.Url);
    const shown = await page.locator('main').innerText();
    const paid = [one, two].find((answer) => answer.status() === 303)!;
    const location = new URL(paid.headers().location!);
    const result = location.searchParams.get('Result')!;
    const [header, payload, signature] = result.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, Amount: '1' })).toString('base64url')}.${signature}`;
    const jwks = createRemoteJWKSet(new URL(`${api.url}/oauth2/jwks`));

    // Assess
    expect([one.status(), two.status()].sort()).toEqual([303, 409]);
    expect(location.href.startsWith(RETURN_URL)).toBe(true);
    expect(reopened!.status()).toBe(409);
    expect(shown).toContain('VN.OB.Checkout.SessionUsed');
    expect(shown).toContain('The link works only once');
    await expect(jwtVerify(result, jwks)).resolves.toBeDefined();
    await expect(jwtVerify(forged, jwks)).rejects.toThrow(/signature/);
    expect(await balanceOf(customer)).toBe(20_000_000 - 900_000);
    await context.close();
  });

  it("Confirm from an account that is not the signed-in customer's (or no account) is a 400 naming it; nothing moves", async () => {
    // Prepare
    const { session, customer } = await scenario(400_000);
    const other = await createCustomer([20_000_000]);
    const { context, page } = await signedInPage(session.Url, customer);
    const form = new URLSearchParams(await confirmFields(page));
    const withAccount = (account: string) => {
      const fields = new URLSearchParams(form);
      fields.set('account', account);
      return fields.toString();
    };

    // Act
    const othersAccount = await postConfirm(page, session.Url, withAccount(other.accounts[0]!.accountId));
    const noAccount = await postConfirm(page, session.Url, withAccount(''));
    const hugeAccount = await postConfirm(page, session.Url, withAccount('a'.repeat(5_000)));

    // Assess
    for (const answer of [othersAccount, noAccount, hugeAccount]) {
      expect(answer.status()).toBe(400);
      expect(await answer.text()).toContain('VN.OB.Checkout.AccountNotChosen');
    }
    expect(await balanceOf(customer)).toBe(20_000_000);
    expect(await balanceOf(other)).toBe(20_000_000);
    await context.close();
  });

  it('is bound to the browser that signed in: another browser with the link cannot confirm or even see the accounts', async () => {
    // Prepare
    const { session, customer } = await scenario(600_000);
    const signedIn = await signedInPage(session.Url, customer);
    const form = await confirmFields(signedIn.page);
    const strangerContext = await chromium.browser.newContext();
    const stranger = await strangerContext.newPage();

    // Act
    const seen = await stranger.goto(session.Url);
    const text = await stranger.locator('main').innerText();
    const posted = await postConfirm(stranger, session.Url, form);

    // Assess
    expect(seen!.status()).toBe(403);
    expect(text).not.toContain(customer.accounts[0]!.accountNumber);
    expect(posted.status()).toBe(403);
    expect(await posted.text()).toContain('VN.OB.Checkout.NotSignedIn');
    expect(await balanceOf(customer)).toBe(20_000_000);
    await signedIn.context.close();
    await strangerContext.close();
  });

  it('race: a VietQR payment and the checkout pay one bill at once; it is paid exactly once, the loser moves no money or is refunded in full', async () => {
    // Prepare
    const { partner, bill, session, customer } = await scenario(1_500_000);
    const scanner = await createCustomer([20_000_000]);
    const { context, page } = await signedInPage(session.Url, customer);
    const form = await confirmFields(page);

    // Act
    const [checkout, qr] = await Promise.all([postConfirm(page, session.Url, form), payByQr(bill, scanner)]);
    // Automatic refunds of a losing QR payment are booked before its answer.
    const outcome = new URL(checkout.headers().location!).searchParams.get('Outcome');
    const paidBill = (await partner.call('GET', `/v1/bills/${bill.BillId}`)).json.Data;

    // Assess
    expect(checkout.status()).toBe(303);
    expect(qr.status).toBe(201);
    expect(paidBill.Status).toBe('Paid');
    const spent = 20_000_000 * 2 - (await balanceOf(customer)) - (await balanceOf(scanner));
    expect(spent).toBe(1_500_000);
    if (outcome === 'paid') {
      expect(paidBill.Payment).toMatchObject({ Channel: 'Checkout', PaymentId: session.CheckoutSessionId });
      expect(qr.json.Data.Bill.Outcome).toBe('DuplicateRefunded');
      expect(await balanceOf(scanner)).toBe(20_000_000);
    } else {
      expect(outcome).toBe('failed');
      expect(paidBill.Payment).toMatchObject({ Channel: 'VietQr' });
      expect(qr.json.Data.Bill.Outcome).toBe('Paid');
      expect(await balanceOf(customer)).toBe(20_000_000);
    }
    await context.close();
  });

  it('race lost by the checkout: the bill was paid by QR while the citizen was signed in; Confirm moves no money and the portal hears a signed "failed"', async () => {
    // Prepare
    const { partner, bill, session, customer } = await scenario(1_500_000);
    const scanner = await createCustomer([20_000_000]);
    const { context, page } = await signedInPage(session.Url, customer);
    const qr = await payByQr(bill, scanner);

    // Act
    await page.getByLabel('One-time password').fill('123456');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL((url) => url.href.startsWith(RETURN_URL));
    const landed = new URL(page.url());
    const state = (await partner.call('GET', `/v1/checkout-sessions/${session.CheckoutSessionId}`)).json.Data;
    const paidBill = (await partner.call('GET', `/v1/bills/${bill.BillId}`)).json.Data;
    const reopened = await page.goto(session.Url);

    // Assess
    expect(qr.json.Data.Bill.Outcome).toBe('Paid');
    expect(landed.searchParams.get('Outcome')).toBe('failed');
    const jwks = createRemoteJWKSet(new URL(`${api.url}/oauth2/jwks`));
    const { payload } = await jwtVerify(landed.searchParams.get('Result')!, jwks);
    expect(payload).toMatchObject({ Outcome: 'failed', Amount: '0', BillId: bill.BillId });
    expect(state).toMatchObject({ Status: 'Failed', FailureReason: 'VN.OB.Checkout.BillNotPayable' });
    expect(state.Amount).toBeUndefined();
    expect(paidBill.Payment).toMatchObject({ Channel: 'VietQr' });
    expect(paidBill.Refunds ?? []).toEqual([]);
    expect(await balanceOf(customer)).toBe(20_000_000);
    expect(await balanceOf(scanner)).toBe(20_000_000 - 1_500_000);
    expect(reopened!.status()).toBe(409);
    await context.close();
  });

  it('race lost by the QR: the checkout paid first; the later QR payment is refunded in full automatically and the bill stays paid by the checkout', async () => {
    // Prepare
    const { partner, bill, session, customer } = await scenario(1_500_000);
    const scanner = await createCustomer([20_000_000]);
    const { context, page } = await signedInPage(session.Url, customer);
    await page.getByLabel('One-time password').fill('123456');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL((url) => url.href.startsWith(RETURN_URL));

    // Act
    const qr = await payByQr(bill, scanner);
    const paidBill = (await partner.call('GET', `/v1/bills/${bill.BillId}`)).json.Data;

    // Assess
    expect(new URL(page.url()).searchParams.get('Outcome')).toBe('paid');
    expect(qr.status).toBe(201);
    expect(qr.json.Data.Bill.Outcome).toBe('DuplicateRefunded');
    expect(paidBill.Status).toBe('Paid');
    expect(paidBill.Payment).toMatchObject({ Channel: 'Checkout', PaymentId: session.CheckoutSessionId });
    expect(paidBill.Refunds).toEqual([
      expect.objectContaining({
        Kind: 'Automatic',
        Status: 'Completed',
        Amount: '1500000',
        PaymentId: qr.json.Data.QrPaymentId,
      }),
    ]);
    expect(await balanceOf(customer)).toBe(20_000_000 - 1_500_000);
    expect(await balanceOf(scanner)).toBe(20_000_000);
    await context.close();
  });
});
