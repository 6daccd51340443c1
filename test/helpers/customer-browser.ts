/**
 * A customer's browser without a browser: follows redirects, keeps cookies and submits the
 * login and consent forms as the pages define them. The real-browser test uses Chromium.
 */
export class CustomerBrowser {
  private readonly cookies = new Map<string, string>();

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private keepCookies(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      this.cookies.set(name!.trim(), value.join('='));
    }
  }

  /** Fetches with cookies, without following redirects. */
  async fetch(url: URL | string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', this.cookieHeader());
    const response = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.keepCookies(response);
    return response;
  }

  /** Follows redirects until a page (200/4xx) or a redirect to `stopAt`. */
  async open(
    url: URL | string,
    stopAt: string,
    init: RequestInit = {},
  ): Promise<{ url: URL; response: Response }> {
    let current = new URL(url);
    let response = await this.fetch(current, init);
    for (let hops = 0; response.status >= 300 && response.status < 400 && hops < 10; hops++) {
      current = new URL(response.headers.get('location')!, current);
      if (current.href.startsWith(stopAt)) return { url: current, response };
      response = await this.fetch(current);
    }
    return { url: current, response };
  }

  /** Submits the first form of a page with these fields. */
  async submit(pageUrl: URL, html: string, fields: Array<[string, string]>, stopAt: string) {
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    if (!action) throw new Error(`no form on ${pageUrl}: ${html.slice(0, 300)}`);
    return this.open(new URL(action, pageUrl), stopAt, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Signs in and answers the consent page: the whole customer journey of an authorization. */
  async authorize(
    authorizationUrl: URL,
    stopAt: string,
    login: { username: string; password: string; otp: string },
    decision: { approve: boolean; accounts?: string[] },
  ): Promise<URL> {
    const loginPage = await this.open(authorizationUrl, stopAt);
    if (loginPage.url.href.startsWith(stopAt)) return loginPage.url;
    const afterLogin = await this.submit(
      loginPage.url,
      await loginPage.response.text(),
      [
        ['username', login.username],
        ['password', login.password],
        ['otp', login.otp],
      ],
      stopAt,
    );
    if (afterLogin.url.href.startsWith(stopAt)) return afterLogin.url;
    const consentHtml = await afterLogin.response.text();
    if (afterLogin.response.status !== 200)
      throw new Error(`login failed: ${afterLogin.response.status} ${pageSummary(consentHtml)}`);
    const accounts =
      decision.accounts ?? [...consentHtml.matchAll(/name="account" value="([^"]+)"/g)].map((m) => m[1]!);
    const done = await this.submit(
      afterLogin.url,
      consentHtml,
      [
        ['decision', decision.approve ? 'approve' : 'deny'],
        ...accounts.map((id) => ['account', id] as [string, string]),
      ],
      stopAt,
    );
    if (!done.url.href.startsWith(stopAt)) {
      throw new Error(
        `consent did not redirect: ${done.response.status} ${pageSummary(await done.response.text())}`,
      );
    }
    return done.url;
  }
}

/** The heading and alert of a page, for readable failures. */
function pageSummary(html: string): string {
  const text = (pattern: RegExp) =>
    pattern
      .exec(html)?.[1]
      ?.replace(/<[^>]+>/g, '')
      .trim() ?? '';
  return `${text(/<h1>([\s\S]*?)<\/h1>/)} | ${text(/role="alert">([\s\S]*?)<\/p>/)}`;
}
