import { pageErrors } from '#http/page-errors.ts';
import { publicHandler } from '#http/public-handler.ts';
import { revokeSharing } from '#use-cases/customer/revoke-sharing.ts';
import { localeFrom } from '#web-pages/locale.ts';
import { refusalPage } from '#web-pages/refusal-page.ts';
import { formOf, sessionIdOf } from './session-cookie.ts';

/** POST /account/consents/{ConsentId}/revoke: the same effect as the fintech's DELETE. */
export const handler = publicHandler(async (request) => {
  await revokeSharing({
    sessionId: sessionIdOf(request),
    csrf: formOf(request).get('csrf'),
    consentId: request.params.ConsentId ?? '',
  });
  return { status: 303, headers: { location: `../../consents?lang=${localeFrom(request.query.lang)}` } };
}, pageErrors(refusalPage));
