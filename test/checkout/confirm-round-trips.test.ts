import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from '../helpers/browser.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { countRoundTrips } from '../helpers/round-trips.ts';
import { CityPartner, interceptPortal, signIn } from './portal.ts';

/**
 * What Confirm costs in DynamoDB, counted on the platform's one client while the browser's form
 * post runs through the real gateway, handler and engine (as `test/foundation/round-trips.test.ts`
 * counts the API). Exact: a change that adds a call or a serial round trip fails here. Before
 * the reads were batched: 6 calls in 5 round trips (session; bill; accounts ∥ daily total; the
 * ledger's account read; the transaction), the signed-in page 3 round trips and a wrong OTP 5.
 */
const EXPECTED = {
  confirm: { calls: ['GetItem', 'BatchGetItem', 'TransactWriteItems'], roundTrips: 3 },
  // The failure counted (read, write), then the page shown again with the refusal (as `page`).
  wrongOtp: {
    calls: ['GetItem', 'PutItem', 'GetItem', 'BatchGetItem', 'Query', 'GetItem'],
    roundTrips: 4,
  },
  // The signed-in page: its session; then its bill, the partner's name and logo (one BatchGetItem), the
  // accounts and the day's total together. (Before the logo: two GetItems where the BatchGetItem is.)
  page: { calls: ['GetItem', 'BatchGetItem', 'Query', 'GetItem'], roundTrips: 2 },
};

// The operator's limits are read in the background: kept out of every window (no part of a request).
const api = useGateway({ limits: false });
const chromium = useBrowser();

async function signedIn(partner: CityPartner, customer: TestCustomer, amount: number) {
  const bill = await partner.issueBill(amount);
  const opened = await partner.openSession(bill.BillId);
  const url = opened.json.Data.Url as string;
  const context = await chromium.browser.newContext();
  const page = await context.newPage();
  await interceptPortal(page);
  await page.goto(url);
  await signIn(page, customer.login);
  return { url, page, context, billId: bill.BillId as string };
}

/** Posts the page's Confirm form from its own browser context (its cookies), as the button would. */
async function confirm(page: Page, url: string, otp = '123456') {
  const csrf = await page.locator('form[action$="/confirm?lang=vi"] input[name=csrf]').inputValue();
  const account = await page.locator('input[name=account]').first().inputValue();
  return page.request.post(`${url}/confirm?lang=vi`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    data: new URLSearchParams({ csrf, account, otp }).toString(),
    maxRedirects: 0,
  });
}

describe('checkout Confirm: DynamoDB round trips (issue 14)', { timeout: 180_000 }, () => {
  it('pays in 3 round trips (session; bill, account and daily total in one BatchGetItem; one transaction), refuses a wrong OTP (the page shown again) in 4, shows the signed-in page in 2', async () => {
    // Prepare: a warm-up payment (handler modules loaded, the signing key read once)
    const partner = await new CityPartner(api.url).register();
    const customer = await createCustomer([20_000_000]);
    const warm = await signedIn(partner, customer, 100_000);
    expect((await confirm(warm.page, warm.url)).status()).toBe(303);
    const paying = await signedIn(partner, customer, 1_200_000);
    const refused = await signedIn(partner, customer, 300_000);

    // Act
    const confirmCall = await countRoundTrips(() => confirm(paying.page, paying.url));
    const wrongOtpCall = await countRoundTrips(() => confirm(refused.page, refused.url, '000000'));
    const pageCall = await countRoundTrips(() => refused.page.request.get(refused.url));

    // Assess
    expect(confirmCall.result.status()).toBe(303);
    expect(new URL(confirmCall.result.headers().location!).searchParams.get('Outcome')).toBe('paid');
    expect((await partner.call('GET', `/v1/bills/${paying.billId}`)).json.Data.Status).toBe('Paid');
    expect(wrongOtpCall.result.status()).toBe(400);
    expect(pageCall.result.status()).toBe(200);
    expect(await pageCall.result.text()).toContain(customer.accounts[0]!.accountNumber);
    const figures = { confirm: confirmCall, wrongOtp: wrongOtpCall, page: pageCall };
    for (const [name, { calls, roundTrips }] of Object.entries(figures)) {
      expect({ name, calls, roundTrips }).toEqual({ name, ...EXPECTED[name as keyof typeof EXPECTED] });
    }
    for (const opened of [warm, paying, refused]) await opened.context.close();
  });
});
