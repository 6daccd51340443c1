import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  delayAfter,
  FREE_ATTEMPTS,
  SOURCE_ATTEMPTS_PER_WINDOW,
  SOURCE_WINDOW_SECONDS,
  sourceWindow,
} from '../../functions/domain/sign-in-throttle.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer, TEST_PASSWORD } from '../helpers/customers.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { createAisConsent } from './scenario.ts';

const api = useGateway();
const OTP = '123456';

type Outcome = 'signedIn' | 'loginFailed' | 'tooManyAttempts';

/**
 * Posts the sharing page's sign-in form from a given loopback address (Linux routes all of
 * 127.0.0.0/8 to the loopback interface), so the gateway sees that address as the source, as
 * API Gateway would report the caller's IP. Each test uses addresses of its own.
 */
function signIn(
  source: string,
  username: string,
  password: string,
): Promise<{ outcome: Outcome; ms: number }> {
  const body = new URLSearchParams({ username, password, otp: OTP }).toString();
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      `${api.url}/account/login?lang=en`,
      {
        method: 'POST',
        localAddress: source,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(body)),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const ms = performance.now() - started;
          const location = String(res.headers.location ?? '');
          if (res.statusCode !== 303) return reject(new Error(`sign-in answered ${res.statusCode}`));
          const error = new URL(location, api.url).searchParams.get('error');
          const outcome: Outcome = error ? (error as Outcome) : 'signedIn';
          if (outcome === 'signedIn' && !res.headers['set-cookie']) reject(new Error('no session cookie'));
          resolve({ outcome, ms });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const count = (results: { outcome: Outcome }[], outcome: Outcome) =>
  results.filter((result) => result.outcome === outcome).length;

const unknownUsername = () => `nobody.${randomUUID().slice(0, 12)}`;

/** Waits for the next per-source window when the current one ends within `margin` seconds. */
async function awayFromWindowEdge(margin = 30): Promise<void> {
  const now = Date.now() / 1000;
  const left = sourceWindow(now) + SOURCE_WINDOW_SECONDS - now;
  if (left < margin) await new Promise((resolve) => setTimeout(resolve, (left + 0.5) * 1000));
}

describe('sign-in that leaks nothing and cannot be raced', () => {
  it('answers an unknown username in the same time as a known one (medians of 15 wrong passwords each)', async () => {
    // Prepare: 15 customers, so no username reaches its delay; a source address per pair.
    const customers = await Promise.all(Array.from({ length: 15 }, () => createCustomer([])));
    await signIn('127.0.0.20', unknownUsername(), 'warm-up');
    const known: number[] = [];
    const unknown: number[] = [];

    // Act: alternate, so both see the same machine load.
    for (const [index, customer] of customers.entries()) {
      const source = `127.0.0.${21 + index}`;
      const first = await signIn(source, customer.username, 'wrong password');
      const second = await signIn(source, unknownUsername(), 'wrong password');
      expect([first.outcome, second.outcome]).toEqual(['loginFailed', 'loginFailed']);
      known.push(first.ms);
      unknown.push(second.ms);
    }

    // Assess: before the fix an unknown username skipped scrypt and took about a third of the time.
    const ratio = median(unknown) / median(known);
    expect(
      ratio,
      `unknown ${median(unknown).toFixed(0)} ms vs known ${median(known).toFixed(0)} ms`,
    ).toBeGreaterThan(0.6);
    expect(ratio).toBeLessThan(1.6);
  });

  it('judges only the free attempts of 30 concurrent wrong passwords, then refuses even the right one until the delay passes', async () => {
    // Prepare
    const customer = await createCustomer([]);
    const source = '127.0.0.60';

    // Act
    const burst = await Promise.all(
      Array.from({ length: 30 }, () => signIn(source, customer.username, 'wrong password')),
    );
    const burstEnded = Date.now();
    const rightTooSoon = await signIn(source, customer.username, TEST_PASSWORD);
    const rightFromElsewhereTooSoon = await signIn('127.0.0.61', customer.username, TEST_PASSWORD);
    const delayMs = delayAfter(FREE_ATTEMPTS) * 1000;
    await new Promise((resolve) => setTimeout(resolve, burstEnded + delayMs + 300 - Date.now()));
    const rightAfterDelay = await signIn(source, customer.username, TEST_PASSWORD);

    // Assess: before the fix all 30 were judged and none locked the account.
    expect(count(burst, 'loginFailed')).toBe(FREE_ATTEMPTS);
    expect(count(burst, 'tooManyAttempts')).toBe(30 - FREE_ATTEMPTS);
    expect(rightTooSoon.outcome).toBe('tooManyAttempts');
    expect(rightFromElsewhereTooSoon.outcome).toBe('tooManyAttempts');
    // Refused attempts did not lengthen the delay, and a success ends it.
    expect(rightAfterDelay.outcome).toBe('signedIn');
    expect((await signIn(source, customer.username, TEST_PASSWORD)).outcome).toBe('signedIn');
  });

  it('limits the failed attempts of one source address across usernames, not other sources', async () => {
    // Prepare
    const customer = await createCustomer([]);
    const source = '127.0.0.70';
    await awayFromWindowEdge();

    // Act: as many failures as a source may have in its window, each on another username.
    const guesses = await Promise.all(
      Array.from({ length: SOURCE_ATTEMPTS_PER_WINDOW }, () =>
        signIn(source, unknownUsername(), 'wrong password'),
      ),
    );
    const fromThatSource = await signIn(source, customer.username, TEST_PASSWORD);
    const fromAnotherSource = await signIn('127.0.0.71', customer.username, TEST_PASSWORD);

    // Assess: before the fix nothing limited a source.
    expect(count(guesses, 'loginFailed')).toBe(SOURCE_ATTEMPTS_PER_WINDOW);
    expect(fromThatSource.outcome).toBe('tooManyAttempts');
    expect(fromAnotherSource.outcome).toBe('signedIn');
  });

  it("the consent flow's login step answers 429 with Retry-After while the username waits", async () => {
    // Prepare: an authorization request to sign in to, and a username in its delay.
    const customer = await createCustomer([1_000_000]);
    const fintech = await new Fintech(api.url).register({ scope: 'openid accounts' });
    const { consentId } = await createAisConsent(fintech);
    const { url } = await fintech.authorizationUrl(consentId, 'openid accounts');
    const browser = new CustomerBrowser();
    const loginPage = await browser.open(url, REDIRECT_URI);
    for (let i = 0; i < FREE_ATTEMPTS; i++) await signIn('127.0.0.80', customer.username, 'wrong password');

    // Act
    const answer = await browser.submit(
      loginPage.url,
      await loginPage.response.text(),
      [
        ['username', customer.username],
        ['password', TEST_PASSWORD],
        ['otp', OTP],
      ],
      REDIRECT_URI,
    );

    // Assess
    expect(answer.response.status).toBe(429);
    expect(Number(answer.response.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await answer.response.text()).toContain('role="alert"');
  });
});
