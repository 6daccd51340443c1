/**
 * The bank-hosted checkout (issue 14): the time from Confirm to the return redirect against the
 * same work bare: a `node:http` handler replaying raw the DynamoDB calls of one captured Confirm
 * of ours (bench/replay.ts: same items, conditions and round trips, checked by bench/harness.ts)
 * and answering the same redirect, the two alternating bill by bill; and the hosted page's own
 * weight (everything it loads: the page has no script, no font, no image file, its one style
 * block inline) against the 50 kB budget. What is left between the two is ours: the gateway,
 * CSRF and browser binding, the page session, signing the return JWS, the redirect.
 *
 * `BENCH_QUICK=1` (or `--quick`) runs 6 pairs instead of 30. */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../functions/store/client.ts';
import { CityPartner } from '../test/checkout/portal.ts';
import { createCustomer, type TestCustomer } from '../test/helpers/customers.ts';
import { bareServer } from './bare-server.ts';
import { DynamoCapture } from './capture.ts';
import { inTurn, sameWorkRow } from './harness.ts';
import { replayer } from './replay.ts';
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

/** Confirm → return redirect vs the same DynamoDB calls replayed on a bare server, and the page's weight. */
export async function benchCheckout(): Promise<BenchRow[]> {
  const quick = process.env.BENCH_QUICK === '1' || process.argv.includes('--quick');
  const pairs = quick ? 6 : 30;
  const platform = await platformUrl();
  const raw = new DynamoDBClient({ maxAttempts: 4 });
  const ours = new DynamoCapture(dynamo, { preImages: new DynamoDBClient({}) });
  const theirs = new DynamoCapture(raw);
  let bare: { origin: string; close(): Promise<void> } | undefined;
  try {
    const partner = await new CityPartner(platform.baseUrl).register();
    const customer = await createCustomer([(pairs + 1) * 200_000 + 1_000_000]);
    // Untimed: the DynamoDB work of one Confirm (the gateway runs in this process under
    // bench/run.ts, so its calls go through this client): the baseline's template, and costed
    // as a bill payment by bench/capacity.ts.
    const template = await prepareCheckout(partner, customer, 150_000);
    let answer = { status: 0, headers: {} as Record<string, string>, body: '' };
    const { captured } = await ours.capture(async () => {
      const response = await template.browser.post(`${template.url}/confirm?lang=vi`, template.confirm);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name))
          headers[name] = value;
      });
      answer = { status: response.status, headers, body: await response.text() };
    });
    if (answer.status !== 303) throw new Error(`the captured Confirm answered ${answer.status}`);
    if (captured.calls.length === 0)
      throw new Error(
        'no DynamoDB call captured: run the checkout bench under bench/run.ts (gateway in process)',
      );
    const run = randomUUID().slice(0, 8);
    const replay = replayer(captured, raw, run);
    bare = await bareServer(async (path) => {
      await replay.run(Number(path.slice(path.lastIndexOf('/') + 1)));
      return answer;
    });
    await replay.seed(0);
    const { captured: replayed } = await theirs.capture(() => replay.run(0));

    const checkoutTimes: number[] = [];
    const baselineTimes: number[] = [];
    let weights = { signIn: template.signInBytes, confirm: template.confirmBytes };
    for (let i = 1; i <= pairs; i++) {
      const prepared = await prepareCheckout(partner, customer, 150_000);
      weights = { signIn: prepared.signInBytes, confirm: prepared.confirmBytes };
      await replay.seed(i);
      const timeOurs = async () =>
        checkoutTimes.push(
          await timed(() => prepared.browser.post(`${prepared.url}/confirm?lang=vi`, prepared.confirm), 303),
        );
      const timeBaseline = async () =>
        baselineTimes.push(
          await timed(
            () => fetch(`${bare!.origin}/replay/${i}`, { method: 'POST', redirect: 'manual' }),
            303,
          ),
        );
      await inTurn(i - 1, timeOurs, timeBaseline);
    }
    // Repeats: the pairs in 3 consecutive groups, each group's medians one repeat.
    const groups = 3;
    const per = Math.floor(pairs / groups);
    const repeats = {
      ours: Array.from({ length: groups }, (_, g) => median(checkoutTimes.slice(g * per, (g + 1) * per))),
      baseline: Array.from({ length: groups }, (_, g) => median(baselineTimes.slice(g * per, (g + 1) * per))),
    };
    const billPayment: BenchRow = {
      name: 'bills: pay a bill (checkout Confirm), DynamoDB work and median',
      value: round(median(checkoutTimes)),
      unit: 'ms',
      work: captured.work,
      note: 'DynamoDB work captured from one untimed Confirm; duration: the median below',
    };
    return [
      billPayment,
      sameWorkRow(
        'checkout: Confirm → return redirect (median)',
        repeats,
        'ms',
        { ours: captured.work, baseline: replayed.work },
        `${pairs} Confirms of ours and as many baseline requests, alternating; baseline: a bare node:http handler replaying the DynamoDB calls of one captured Confirm raw (same items, conditions, round trips) and answering its redirect; ratio = median (min–max) of 3 groups' medians`,
      ),
      compared(
        'checkout page weight, sign-in stage, vs the 50 kB budget',
        weights.signIn / 1024,
        PAGE_BUDGET_BYTES / 1024,
        'kB',
        'everything the page loads (one HTML response); baseline: the 50 kB budget',
        2,
      ),
      compared(
        'checkout page weight, confirm stage, vs the 50 kB budget',
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
    await bare?.close();
    ours.remove();
    theirs.remove();
    await platform.stop();
  }
}
