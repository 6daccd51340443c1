import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { useBrowser } from '../helpers/browser.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { usePipeline } from '../webhooks/pipeline.ts';
import { Receiver } from '../webhooks/receiver.ts';
import { CityPartner, interceptPortal, RETURN_URL, signIn } from './portal.ts';

const api = useGateway();
const chromium = useBrowser();
// The real webhook delivery (stream → dispatcher → queue → delivery worker), for the partners this file subscribes.
const webhooks = usePipeline();

const RESULT_TYPE = 'vn-ob-checkout+jwt';

async function balanceOf(customer: TestCustomer): Promise<number> {
  return (await getAccount(customer.accounts[0]!.accountId))!.balance;
}

/** A partner, a bill of `amount`, a session on it, and a customer who can pay it. */
async function scenario(amount: number, balance = 30_000_000) {
  const partner = await new CityPartner(api.url).register();
  const bill = await partner.issueBill(amount);
  const opened = await partner.openSession(bill.BillId);
  expect(opened.status).toBe(201);
  const customer = await createCustomer([balance]);
  return {
    partner,
    bill,
    session: opened.json.Data as { CheckoutSessionId: string; Url: string; ExpiresAt: string },
    customer,
  };
}

/** Opens the session's page in a fresh browser context (its own cookies), with the portal intercepted. */
async function openCheckout(url: string, viewport?: { width: number; height: number }) {
  const context = await chromium.browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  const portal = await interceptPortal(page);
  const response = await page.goto(url);
  return { context, page, portal, response };
}

async function confirm(page: Page, otp = '123456') {
  await page.getByLabel('One-time password').fill(otp);
  await page.getByRole('button', { name: 'Confirm' }).click();
}

async function landedOnPortal(page: Page): Promise<URL> {
  await page.waitForURL((url) => url.href.startsWith(RETURN_URL));
  return new URL(page.url());
}

describe('the bank-hosted checkout page (issue 14), in Chromium', { timeout: 180_000 }, () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    return () => receiver.close();
  });

  it("paid: sign in, pay, land on the portal with a result that verifies against the public JWKS; the bill is paid once, its bill.paid webhook arrives signed, and that day's reconciliation shows it", async () => {
    // Prepare
    const { partner, bill, session, customer } = await scenario(1_250_000);
    webhooks.clients.add(partner.clientId);
    const endpoint = await partner.call(
      'POST',
      '/v1/webhook-endpoints',
      { Data: { Url: receiver.url, Events: ['bill.paid'], Description: 'Cổng: kết quả thanh toán' } },
      { 'x-idempotency-key': randomUUID() },
    );
    expect(endpoint.status).toBe(201);
    receiver.secrets.push(endpoint.json.Data.Secret);
    const before = await balanceOf(customer);
    const { context, page } = await openCheckout(session.Url);
    const shown = await page.locator('main').innerText();

    // Act
    await signIn(page, customer.login);
    const accountsShown = await page.getByRole('group').innerText();
    await confirm(page);
    const landed = await landedOnPortal(page);

    // Assess
    expect(await page.evaluate(() => document.title)).toBe('Cổng');
    expect(shown).toContain('Cổng Dịch vụ công Quốc gia');
    expect(shown).toContain('1.250.000 ₫');
    expect(shown).toContain('Nguyễn Văn An');
    expect(shown).toContain('Phí, lệ phí hành chính');
    expect(shown).toContain('Ngân hàng Nhà nước');
    expect(shown).toContain(new URL(api.url).host);
    expect(accountsShown).toContain(customer.accounts[0]!.accountNumber);
    expect(landed.searchParams.get('CheckoutSessionId')).toBe(session.CheckoutSessionId);
    expect(landed.searchParams.get('Outcome')).toBe('paid');
    const jwks = createRemoteJWKSet(new URL(`${api.url}/oauth2/jwks`));
    const { payload, protectedHeader } = await jwtVerify(landed.searchParams.get('Result')!, jwks, {
      issuer: api.url,
      audience: partner.clientId,
      typ: RESULT_TYPE,
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({
      CheckoutSessionId: session.CheckoutSessionId,
      BillId: bill.BillId,
      Outcome: 'paid',
      Amount: '1250000',
      Currency: 'VND',
    });
    expect(await balanceOf(customer)).toBe(before - 1_250_000);
    const paidBill = await partner.call('GET', `/v1/bills/${bill.BillId}`);
    expect(paidBill.json.Data.Status).toBe('Paid');
    const state = await partner.call('GET', `/v1/checkout-sessions/${session.CheckoutSessionId}`);
    expect(state.json.Data).toMatchObject({ Status: 'Paid', Outcome: 'paid', Amount: { Amount: '1250000' } });
    expect(paidBill.json.Data.Payment).toMatchObject({
      PaymentId: session.CheckoutSessionId,
      Channel: 'Checkout',
      Amount: '1250000',
    });
    const postingId = paidBill.json.Data.Payment.PostingId as string;
    const paidHooks = () => receiver.requests.filter((request) => request.type === 'bill.paid');
    await receiver.until(() => paidHooks().length > 0, 30_000, 'the bill.paid webhook');
    // Time for a duplicate to show up (a second dispatch or a redelivery) before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(receiver.forged).toBe(0);
    expect(paidHooks()).toEqual([
      expect.objectContaining({
        verifiedBy: [receiver.secrets.indexOf(endpoint.json.Data.Secret)],
        data: expect.objectContaining({
          BillId: bill.BillId,
          Status: 'Paid',
          Amount: { Amount: '1250000', Currency: 'VND' },
          PostingId: postingId,
        }),
      }),
    ]);
    const attempts = await partner.call(
      'GET',
      `/v1/webhook-endpoints/${endpoint.json.Data.WebhookEndpointId}/attempts`,
    );
    expect(attempts.json.Data.Attempt).toMatchObject([
      { EventId: paidHooks()[0]!.id, EventType: 'bill.paid', Outcome: 'Delivered', ResponseStatusCode: 200 },
    ]);
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    const reconciliation = await partner.call('GET', `/v1/reconciliation/${today}`);
    expect(reconciliation.json.Data.Items).toEqual([
      expect.objectContaining({
        BillId: bill.BillId,
        Type: 'Payment',
        Amount: '1250000',
        LedgerReference: postingId,
      }),
    ]);
    expect(reconciliation.json.Data.Totals).toMatchObject({ Paid: '1250000', Refunded: '0', Net: '1250000' });
    await context.close();
  });

  it('cancelled: the citizen cancels, nothing moves, and the portal hears "cancelled" (signed)', async () => {
    // Prepare
    const { partner, bill, session, customer } = await scenario(800_000);
    const before = await balanceOf(customer);
    const { context, page } = await openCheckout(session.Url);

    // Act
    await signIn(page, customer.login);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const landed = await landedOnPortal(page);

    // Assess
    expect(landed.searchParams.get('Outcome')).toBe('cancelled');
    const jwks = createRemoteJWKSet(new URL(`${api.url}/oauth2/jwks`));
    const { payload } = await jwtVerify(landed.searchParams.get('Result')!, jwks, { typ: RESULT_TYPE });
    expect(payload).toMatchObject({ Outcome: 'cancelled', Amount: '0', BillId: bill.BillId });
    expect(await balanceOf(customer)).toBe(before);
    expect((await partner.call('GET', `/v1/bills/${bill.BillId}`)).json.Data.Status).toBe('Unpaid');
    await context.close();
  });

  it('step-up: 10,000,000 VND needs none, 10,000,001 VND needs the biometric confirmation (Decision 2345, as payment consents)', async () => {
    // Prepare
    const atLimit = await scenario(10_000_000);
    const above = await scenario(10_000_001);
    const first = await openCheckout(atLimit.session.Url);
    const second = await openCheckout(above.session.Url);

    // Act
    await signIn(first.page, atLimit.customer.login);
    const stepUpAtLimit = await first.page.getByTestId('step-up').count();
    await confirm(first.page);
    const paidAtLimit = await landedOnPortal(first.page);
    await signIn(second.page, above.customer.login);
    const stepUpAbove = await second.page.getByTestId('step-up').innerText();
    await confirm(second.page);
    const refusal = await second.page.getByRole('alert').innerText();
    const balanceAfterRefusal = await balanceOf(above.customer);
    await second.page.getByLabel(/sinh trắc học/).check();
    await confirm(second.page);
    const paidAbove = await landedOnPortal(second.page);

    // Assess
    expect(stepUpAtLimit).toBe(0);
    expect(paidAtLimit.searchParams.get('Outcome')).toBe('paid');
    expect(stepUpAbove).toContain('10.000.000 ₫');
    expect(refusal).toContain('VN.OB.Checkout.StepUpRequired');
    expect(balanceAfterRefusal).toBe(30_000_000);
    expect(paidAbove.searchParams.get('Outcome')).toBe('paid');
    expect(await balanceOf(above.customer)).toBe(30_000_000 - 10_000_001);
    await first.context.close();
    await second.context.close();
  });

  it('phone: at 360 × 740 the page has no horizontal scroll, before and after sign-in (screenshots kept)', async () => {
    // Prepare
    const { session, customer } = await scenario(2_500_000);
    const { context, page } = await openCheckout(session.Url, { width: 360, height: 740 });
    const dir = join(process.cwd(), '.data', 'screenshots');
    mkdirSync(dir, { recursive: true });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    // Act
    await page.screenshot({ path: join(dir, 'checkout-360-sign-in.png'), fullPage: true });
    const beforeSignIn = await overflow();
    await signIn(page, customer.login);
    await page.screenshot({ path: join(dir, 'checkout-360-confirm.png'), fullPage: true });
    const afterSignIn = await overflow();
    const smallestText = await page.evaluate(() =>
      Math.min(
        ...Array.from(document.querySelectorAll('body *')).map((el) =>
          Number.parseFloat(getComputedStyle(el).fontSize),
        ),
      ),
    );

    // Assess
    expect(beforeSignIn).toBeLessThanOrEqual(0);
    expect(afterSignIn).toBeLessThanOrEqual(0);
    expect(smallestText).toBeGreaterThanOrEqual(12);
    await context.close();
  });

  it('accessibility: every control of the page has an accessible name (Playwright accessibility snapshot)', async () => {
    // Prepare
    const { session, customer } = await scenario(300_000);
    const { context, page } = await openCheckout(session.Url);
    const unnamed = async () => {
      const snapshot = await page.locator('body').ariaSnapshot();
      return snapshot
        .split('\n')
        .filter((line) => /^\s*- (button|textbox|radio|checkbox|link|combobox)\b/.test(line))
        .filter((line) => !/^\s*- \w+ "[^"]+"/.test(line));
    };

    // Act
    const signInSnapshot = await page.locator('body').ariaSnapshot();
    const signInUnnamed = await unnamed();
    await signIn(page, customer.login);
    const confirmSnapshot = await page.locator('body').ariaSnapshot();
    const confirmUnnamed = await unnamed();

    // Assess
    expect(signInUnnamed).toEqual([]);
    expect(confirmUnnamed).toEqual([]);
    for (const name of ['Username', 'Password', 'One-time password', 'Sign in', 'Cancel']) {
      expect(signInSnapshot).toContain(`"${name}"`);
    }
    for (const name of ['One-time password', 'Confirm', 'Cancel'])
      expect(confirmSnapshot).toContain(`"${name}"`);
    expect(confirmSnapshot).toMatch(/- radio "[^"]+"/);
    await context.close();
  });
});
