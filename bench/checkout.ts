/**
 * The bank-hosted checkout (issue 14): the median time from Confirm to the return redirect,
 * against the same run's plain payment of a bill through the API (`POST /sandbox/qr-payments`,
 * the bank app paying the bill's VietQR: the same bill match and ledger transaction), the two
 * interleaved bill by bill; and the hosted page's own weight (everything it loads: the page has
 * no script, no font, no image file, its one style block inline) against the 50 kB budget.
 *
 * Confirm does more than the baseline's payment (CSRF, browser binding, the session's own
 * status in the same transaction, signing the return JWS) and less (the QR payment also checks
 * the password with scrypt; the checkout signed in before Confirm): the ratio says what a citizen
 * waits for after pressing Confirm, compared with a bank app paying the same bill.
 *
 * `BENCH_QUICK=1` (or `--quick`) runs 5 pairs instead of 30.
 */
import { randomUUID } from 'node:crypto';
import { dynamo } from '../functions/store/client.ts';
import { CityPartner } from '../test/checkout/portal.ts';
import { createCustomer, type TestCustomer } from '../test/helpers/customers.ts';
import { DynamoCapture } from './capture.ts';
import { type BenchRow, compared, median, round } from './report.ts';

const PAGE_BUDGET_BYTES = 50 * 1024;

/** A browser without a browser: cookies kept, redirects not followed. */
class FormBrowser {
  private cookie = '';

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set('cookie', this.cookie);
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    const set = response.headers.getSetCookie()[0];
    if (set) this.cookie = set.split(';')[0]!;
    return response;
  }

  post(url: string, fields: Record<string, string>): Promise<Response> {
    return this.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}

const field = (page: string, pattern: RegExp) => {
  const value = pattern.exec(page)?.[1];
  if (!value) throw new Error(`the page has no ${pattern}: ${page.slice(0, 200)}`);
  return value;
};

interface Prepared {
  browser: FormBrowser;
  url: string;
  confirm: Record<string, string>;
  signInBytes: number;
  confirmBytes: number;
}

/** Opens a session, signs in on its page: everything up to the press of Confirm. */
async function prepareCheckout(
  partner: CityPartner,
  customer: TestCustomer,
  amount: number,
): Promise<Prepared> {
  const bill = await partner.issueBill(amount);
  const opened = await partner.openSession(bill.BillId);
  if (opened.status !== 201) throw new Error(`session not opened: ${JSON.stringify(opened.json)}`);
  const url = opened.json.Data.Url as string;
  const browser = new FormBrowser();
  const signInPage = await (await browser.fetch(url)).text();
  const signedIn = await browser.post(`${url}/login?lang=vi`, {
    csrf: field(signInPage, /name="csrf" value="([^"]+)"/),
    ...customer.login,
  });
  if (signedIn.status !== 303) throw new Error(`sign-in failed: ${signedIn.status}`);
  const confirmPage = await (await browser.fetch(url)).text();
  return {
    browser,
    url,
    confirm: {
      csrf: field(confirmPage, /name="csrf" value="([^"]+)"/),
      account: field(confirmPage, /name="account" value="([^"]+)"/),
      otp: customer.login.otp,
    },
    signInBytes: Buffer.byteLength(signInPage),
    confirmBytes: Buffer.byteLength(confirmPage),
  };
}

async function timed(run: () => Promise<Response>, expected: number): Promise<number> {
  const started = performance.now();
  const response = await run();
  const elapsed = performance.now() - started;
  await response.text();
  if (response.status !== expected) throw new Error(`expected ${expected}, got ${response.status}`);
  return elapsed;
}

/** Starts a platform of its own unless bench/run.ts already runs one. */
async function platformUrl(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  if (process.env.AWS_ENDPOINT_URL_DYNAMODB && process.env.TABLE_NAME && process.env.PUBLIC_BASE_URL) {
    return { baseUrl: process.env.PUBLIC_BASE_URL, stop: async () => {} };
  }
  const { startPlatform } = await import('./setup.ts');
  const platform = await startPlatform();
  return { baseUrl: platform.baseUrl, stop: () => platform.stop() };
}

/** Confirm → return redirect vs a plain API payment of a bill, and the page's weight. */
export async function benchCheckout(): Promise<BenchRow[]> {
  const quick = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
  const pairs = quick ? 5 : 30;
  const platform = await platformUrl();
  try {
    const partner = await new CityPartner(platform.baseUrl).register();
    const customer = await createCustomer([pairs * 2 * 200_000 + 1_000_000]);
    const checkoutTimes: number[] = [];
    const apiTimes: number[] = [];
    let weights = { signIn: 0, confirm: 0 };
    for (let i = 0; i < pairs; i++) {
      const prepared = await prepareCheckout(partner, customer, 150_000);
      weights = { signIn: prepared.signInBytes, confirm: prepared.confirmBytes };
      const qrBill = await partner.issueBill(150_000);
      checkoutTimes.push(
        await timed(() => prepared.browser.post(`${prepared.url}/confirm?lang=vi`, prepared.confirm), 303),
      );
      apiTimes.push(
        await timed(
          () =>
            fetch(`${platform.baseUrl}/sandbox/qr-payments`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-idempotency-key': randomUUID() },
              body: JSON.stringify({
                Data: {
                  Payload: qrBill.Qr.Payload,
                  Username: customer.login.username,
                  Password: customer.login.password,
                  AccountId: customer.accounts[0]!.accountId,
                },
              }),
            }),
          201,
        ),
      );
    }
    // Untimed: the DynamoDB work of one more Confirm (the gateway runs in this process under
    // bench/run.ts, so its calls go through this client); costed as a bill payment by bench/capacity.ts.
    const extra = await prepareCheckout(partner, customer, 150_000);
    const capture = new DynamoCapture(dynamo);
    let billPayment: BenchRow | undefined;
    try {
      const { captured } = await capture.capture(() =>
        timed(() => extra.browser.post(`${extra.url}/confirm?lang=vi`, extra.confirm), 303),
      );
      if (captured.calls.length > 0)
        billPayment = {
          name: 'bills: pay a bill (checkout Confirm), DynamoDB work and median',
          value: round(median(checkoutTimes)),
          unit: 'ms',
          work: captured.work,
          note: 'DynamoDB work captured from one untimed Confirm; duration: the median above',
        };
    } finally {
      capture.remove();
    }
    return [
      ...(billPayment ? [billPayment] : []),
      compared(
        'checkout: Confirm → return redirect (median)',
        median(checkoutTimes),
        median(apiTimes),
        'ms',
        `${pairs} bills each, interleaved; baseline: the same bill payment through the API (POST /sandbox/qr-payments)`,
      ),
      compared(
        'checkout page weight, sign-in stage',
        weights.signIn / 1024,
        PAGE_BUDGET_BYTES / 1024,
        'kB',
        'everything the page loads (one HTML response); baseline: the 50 kB budget',
        2,
      ),
      compared(
        'checkout page weight, confirm stage',
        weights.confirm / 1024,
        PAGE_BUDGET_BYTES / 1024,
        'kB',
        'everything the page loads (one HTML response); baseline: the 50 kB budget',
        2,
      ),
      {
        name: 'checkout: Confirm → return redirect (p90)',
        value: round([...checkoutTimes].sort((a, b) => a - b)[Math.ceil(pairs * 0.9) - 1]!),
        unit: 'ms',
      },
    ];
  } finally {
    await platform.stop();
  }
}
