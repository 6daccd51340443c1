import type { SandboxAuthorisationRequest } from '#domain/sandbox/authorisation-request.ts';
import { SANDBOX_ONE_TIME_PASSWORD } from '#domain/sandbox/credentials.ts';
import { sandboxErrors } from '#domain/sandbox/errors.ts';
import { issuer } from '#runtime/issuer.ts';

const MAX_HOPS = 10;

/**
 * The sandbox shortcut (Plaid's `/sandbox/public_token/create`): a demo customer answers an
 * authorization request without a browser. It does not decide anything itself: it plays the
 * customer's browser against the platform's own authorization server, through the very sign-in
 * and consent pages (same throttles, same consent checks, same grant), and hands back where the
 * browser would have been sent: the client's redirect URI with `code`, `state` and `iss`, which
 * the client exchanges with its own key and DPoP proof as usual. It only ever requests the
 * issuer's own origin, so it cannot be pointed at another host.
 *
 * @example const { redirectUri } = await authoriseAsCustomer({ authorizationUrl, username: 'an.nguyen', password: 'sandbox', approve: true, stepUp: false });
 */
export async function authoriseAsCustomer(
  request: SandboxAuthorisationRequest,
  fetchImpl: typeof fetch = fetch,
): Promise<{ redirectUri: string }> {
  const origin = new URL(issuer()).origin;
  const endpoint = await authorizationEndpoint(fetchImpl);
  const asked = request.authorizationUrl;
  // `origin` leaves out a `user:password@`, which fetch refuses to send: refused here as the client's.
  const credentials = asked.username !== '' || asked.password !== '';
  if (
    `${asked.origin}${asked.pathname}` !== endpoint ||
    credentials ||
    !asked.searchParams.get('request_uri')
  ) {
    throw sandboxErrors.notAnAuthorizationUrl();
  }
  const browser = new PageBrowser(origin, fetchImpl);

  const login = await browser.open(asked);
  if (login.done) return { redirectUri: login.done };
  expectPage(login, 200);
  const afterLogin = await browser.submit(login, [
    ['username', request.username],
    ['password', request.password],
    ['otp', SANDBOX_ONE_TIME_PASSWORD],
  ]);
  if (afterLogin.done) return { redirectUri: afterLogin.done };
  if (afterLogin.status === 401) throw sandboxErrors.invalidCredentials();
  if (afterLogin.status === 429) {
    throw sandboxErrors.tooManyAttempts(Number(afterLogin.headers.get('retry-after') ?? 60));
  }
  expectPage(afterLogin, 200);

  const offered = [...afterLogin.html.matchAll(/type="(radio|checkbox)" name="account" value="([^"]+)"/g)];
  const single = offered.some((match) => match[1] === 'radio');
  const chosen = request.accountIds ?? offered.map((match) => match[2]!).slice(0, single ? 1 : undefined);
  const answered = await browser.submit(afterLogin, [
    ['decision', request.approve ? 'approve' : 'deny'],
    ...chosen.map((id): [string, string] => ['account', id]),
    ...(request.stepUp ? [['biometric', 'yes'] as [string, string]] : []),
  ]);
  if (answered.done) return { redirectUri: answered.done };
  throw sandboxErrors.authorisationRefused(
    `The consent page did not accept the answer: ${alertOf(answered.html) || `HTTP ${answered.status}`}`,
  );
}

async function authorizationEndpoint(fetchImpl: typeof fetch): Promise<string> {
  const response = await fetchImpl(`${issuer()}/.well-known/openid-configuration`);
  if (!response.ok) throw new Error(`discovery answered ${response.status}`);
  return ((await response.json()) as { authorization_endpoint: string }).authorization_endpoint;
}

interface Page {
  url: URL;
  status: number;
  headers: Headers;
  html: string;
  /** Set when the browser was sent back to the client: the full redirect URI. */
  done?: string;
}

function expectPage(page: Page, status: number): void {
  if (page.status !== status) {
    throw sandboxErrors.authorisationRefused(
      `The authorization server refused this request: ${alertOf(page.html) || `HTTP ${page.status}`}`,
    );
  }
}

/** The text of a page's alert (the message the customer would read). */
function alertOf(html: string): string {
  const alert = /role="alert">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
  return alert
    .replace(/<[^>]+>/g, '')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .trim();
}

/** A cookie-keeping browser confined to the issuer's origin. */
class PageBrowser {
  private readonly cookies = new Map<string, string>();

  constructor(
    private readonly origin: string,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async open(url: URL, init: RequestInit = {}): Promise<Page> {
    let current = url;
    let response = await this.request(current, init);
    for (let hop = 0; response.status >= 300 && response.status < 400 && hop < MAX_HOPS; hop++) {
      const next = new URL(response.headers.get('location') ?? '', current);
      await response.body?.cancel();
      if (next.origin !== this.origin || next.searchParams.get('iss') === issuer()) {
        return { url: next, status: response.status, headers: response.headers, html: '', done: next.href };
      }
      current = next;
      response = await this.request(current, {});
    }
    return { url: current, status: response.status, headers: response.headers, html: await response.text() };
  }

  submit(page: Page, fields: Array<[string, string]>): Promise<Page> {
    const action = /<form[^>]*action="([^"]+)"/.exec(page.html)?.[1]?.replaceAll('&amp;', '&');
    if (!action)
      throw sandboxErrors.authorisationRefused('The authorization server showed no form to answer.');
    return this.open(new URL(action, page.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  private async request(url: URL, init: RequestInit): Promise<Response> {
    if (url.origin !== this.origin) throw new Error(`refusing to leave ${this.origin}`);
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await this.fetchImpl(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
    }
    return response;
  }
}
