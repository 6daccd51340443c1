import { DomainError } from '#domain/errors.ts';
import { statusOf } from '#http/error-response.ts';
import type { ApiRequest, ApiResponse } from '#http/request.ts';
import { checkoutPage } from '#use-cases/checkout/checkout-page.ts';
import {
  checkoutPageHeaders,
  renderCheckoutEndedPage,
  renderCheckoutPage,
} from '#web-pages/checkout-page.ts';
import { accountLabel } from '#web-pages/consent-description.ts';
import { localeFrom } from '#web-pages/locale.ts';
import { bankBase } from './views.ts';

const COOKIE = 'ob_checkout';

/** The secret of the browser that signed in to a session, from its cookie. */
export function browserSecretOf(request: ApiRequest): string | undefined {
  const cookies = (request.headers.cookie ?? '').split(';').map((part) => part.trim().split('='));
  return cookies.find(([name]) => name === COOKIE)?.[1];
}

/** The absolute path of a session's page, behind any stage path. */
export function pagePath(request: ApiRequest, sessionId: string): string {
  return `${new URL(bankBase(request)).pathname.replace(/\/$/, '')}/checkout/${sessionId}`;
}

/** Set-Cookie binding this browser to one session: HttpOnly, SameSite=Strict, only under that session's page. */
export function browserCookie(request: ApiRequest, sessionId: string, secret: string): string {
  const secure = new URL(bankBase(request)).protocol === 'https:' ? '; Secure' : '';
  return `${COOKIE}=${secret}; Path=${pagePath(request, sessionId)}; HttpOnly; SameSite=Strict; Max-Age=900${secure}`;
}

/** The form the page posted (`application/x-www-form-urlencoded`, taken raw by the route). */
export function formOf(request: ApiRequest): URLSearchParams {
  return new URLSearchParams(String(request.body ?? ''));
}

/** A 303 back to the portal (the ReturnUrl stored on the session). */
export function redirectTo(location: string): ApiResponse {
  return {
    status: 303,
    headers: { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  };
}

/**
 * The hosted page of a session as this browser sees it now; with `refusal`, the refusal's code
 * and words on it and its status (4xx naming the cause). A closed session shows the bilingual
 * closed page.
 */
export async function checkoutPageResponse(
  request: ApiRequest,
  sessionId: string,
  refusal?: DomainError,
): Promise<ApiResponse> {
  const now = new Date();
  const view = await checkoutPage(sessionId, browserSecretOf(request), now);
  const host = new URL(bankBase(request)).host;
  if (view.kind === 'ended') {
    const shown = refusal ?? view.refusal;
    const page = renderCheckoutEndedPage(view.reason, shown.code, host);
    return { status: statusOf(shown), headers: checkoutPageHeaders(page), raw: page };
  }
  const locale = localeFrom(request.query.lang, view.session.locale);
  const page = renderCheckoutPage({
    locale,
    sessionId,
    pagePath: pagePath(request, sessionId),
    host,
    partnerName: view.partnerName,
    ...(view.partnerLogo ? { partnerLogo: view.partnerLogo } : {}),
    bill: {
      category: view.bill.category,
      reference: view.bill.reference,
      payerName: view.bill.payerName,
      description: view.bill.description,
      dueToday: view.dueToday,
      dueDate: view.bill.dueDate,
    },
    expiresAt: view.session.expiresAt,
    csrfToken: view.session.csrfToken,
    stage: view.stage,
    accounts: view.accounts.map((account) => ({
      accountId: account.accountId,
      label: accountLabel(account, locale),
    })),
    stepUp: view.stepUp,
    ...(refusal ? { error: { code: refusal.code, text: refusal.message } } : {}),
  });
  return {
    status: refusal ? statusOf(refusal) : 200,
    headers: checkoutPageHeaders(page, new URL(view.session.returnUrl).origin),
    raw: page,
  };
}

/** Runs a page action; a refusal is answered with the page showing it (its 4xx status), never a 500. */
export async function pageAction(
  request: ApiRequest,
  sessionId: string,
  action: () => Promise<ApiResponse>,
): Promise<ApiResponse> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof DomainError) return checkoutPageResponse(request, sessionId, error);
    throw error;
  }
}
