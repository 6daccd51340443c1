import { pageErrors } from '#http/page-errors.ts';
import { publicHandler } from '#http/public-handler.ts';
import type { ApiResponse } from '#http/request.ts';
import { signIn } from '#use-cases/customer/sign-in.ts';
import { localeFrom } from '#web-pages/locale.ts';
import { refusalPage } from '#web-pages/refusal-page.ts';
import { formOf, sessionCookie } from './session-cookie.ts';

/** POST /account/login: username, password and one-time password, then back to the list. */
export const handler = publicHandler(async (request): Promise<ApiResponse> => {
  const lang = localeFrom(request.query.lang);
  const form = formOf(request);
  const outcome = await signIn({
    username: form.get('username') ?? '',
    password: form.get('password') ?? '',
    otp: form.get('otp') ?? '',
    sourceIp: request.event.requestContext.identity.sourceIp,
  });
  if (!outcome.ok)
    return { status: 303, headers: { location: `consents?lang=${lang}&error=${outcome.reason}` } };
  return {
    status: 303,
    headers: {
      location: `consents?lang=${lang}`,
      'set-cookie': sessionCookie(request, outcome.sessionId, outcome.maxAgeSeconds),
    },
  };
}, pageErrors(refusalPage));
