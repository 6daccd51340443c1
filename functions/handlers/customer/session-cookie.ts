import type { ApiRequest } from '#http/request.ts';
import { type CustomerSession, findCustomerSession, SESSION_SECONDS } from '#store/customer-sessions.ts';

const COOKIE = 'ob_customer_session';

/** The signed-in customer's session from the request's cookie, if live. */
export async function sessionOf(request: ApiRequest): Promise<CustomerSession | undefined> {
  const cookies = (request.headers.cookie ?? '').split(';').map((part) => part.trim().split('='));
  const id = cookies.find(([name]) => name === COOKIE)?.[1];
  return id ? findCustomerSession(id) : undefined;
}

/** Set-Cookie for a session: HttpOnly, SameSite=Strict, only under /account, Secure over HTTPS. */
export function sessionCookie(request: ApiRequest, sessionId: string, maxAge = SESSION_SECONDS): string {
  const secure = request.url.protocol === 'https:' ? '; Secure' : '';
  return `${COOKIE}=${sessionId}; Path=/account; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure}`;
}
