import type { ApiRequest } from '#http/request.ts';

const COOKIE = 'ob_customer_session';

/** The id of the customer's sharing-page session, from the request's cookie. */
export function sessionIdOf(request: ApiRequest): string | undefined {
  const cookies = (request.headers.cookie ?? '').split(';').map((part) => part.trim().split('='));
  return cookies.find(([name]) => name === COOKIE)?.[1];
}

/** Set-Cookie for a session: HttpOnly, SameSite=Strict, only under /account, Secure over HTTPS. */
export function sessionCookie(request: ApiRequest, sessionId: string, maxAgeSeconds: number): string {
  const secure = request.url.protocol === 'https:' ? '; Secure' : '';
  return `${COOKIE}=${sessionId}; Path=/account; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure}`;
}

/** The form the page posted (`application/x-www-form-urlencoded`; the route takes it raw). */
export function formOf(request: ApiRequest): URLSearchParams {
  return new URLSearchParams(String(request.body));
}
