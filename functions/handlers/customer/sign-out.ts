import { apiHandler } from '#http/handler.ts';
import { closeCustomerSession } from '#store/customer-sessions.ts';
import { sessionCookie, sessionOf } from './session-cookie.ts';

/** POST /account/logout */
export const handler = apiHandler({ body: 'form' }, async (request) => {
  const session = await sessionOf(request);
  const form = new URLSearchParams(String(request.body));
  if (session && form.get('csrf') === session.csrfToken) await closeCustomerSession(session.sessionId);
  return { status: 303, headers: { location: 'consents', 'set-cookie': sessionCookie(request, '', 0) } };
});
