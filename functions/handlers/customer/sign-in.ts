import { authenticateCustomer } from '#auth/customer-login.ts';
import { localeFrom } from '#auth/pages/i18n.ts';
import { apiHandler } from '#http/handler.ts';
import type { ApiResponse } from '#http/request.ts';
import { openCustomerSession } from '#store/customer-sessions.ts';
import { sessionCookie } from './session-cookie.ts';

/** POST /account/login: username, password and one-time password, then back to the list. */
export const handler = apiHandler(
  { query: ['lang'], body: 'form' },
  async (request): Promise<ApiResponse> => {
    const lang = localeFrom(request.query.lang);
    const form = new URLSearchParams(String(request.body));
    const outcome = await authenticateCustomer(
      form.get('username') ?? '',
      form.get('password') ?? '',
      form.get('otp') ?? '',
    );
    if (!outcome.ok)
      return { status: 303, headers: { location: `consents?lang=${lang}&error=${outcome.reason}` } };
    const session = await openCustomerSession(outcome.customerId);
    return {
      status: 303,
      headers: { location: `consents?lang=${lang}`, 'set-cookie': sessionCookie(request, session.sessionId) },
    };
  },
);
