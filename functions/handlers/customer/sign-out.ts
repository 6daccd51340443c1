import { publicHandler } from '#http/public-handler.ts';
import { signOut } from '#use-cases/customer/sign-out.ts';
import { formOf, sessionCookie, sessionIdOf } from './session-cookie.ts';

/** POST /account/logout */
export const handler = publicHandler(async (request) => {
  await signOut({ sessionId: sessionIdOf(request), csrf: formOf(request).get('csrf') });
  return { status: 303, headers: { location: 'consents', 'set-cookie': sessionCookie(request, '', 0) } };
});
