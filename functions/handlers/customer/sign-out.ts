import { pageErrors } from '#http/page-errors.ts';
import { publicHandler } from '#http/public-handler.ts';
import { signOut } from '#use-cases/customer/sign-out.ts';
import { localeFrom } from '#web-pages/locale.ts';
import { refusalPage } from '#web-pages/refusal-page.ts';
import { formOf, sessionCookie, sessionIdOf } from './session-cookie.ts';

/** POST /account/logout */
export const handler = publicHandler(async (request) => {
  await signOut({ sessionId: sessionIdOf(request), csrf: formOf(request).get('csrf') });
  return {
    status: 303,
    headers: {
      location: `consents?lang=${localeFrom(request.query.lang)}`,
      'set-cookie': sessionCookie(request, '', 0),
    },
  };
}, pageErrors(refusalPage));
