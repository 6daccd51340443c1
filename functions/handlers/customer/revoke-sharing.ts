import { localeFrom } from '#auth/pages/i18n.ts';
import { ForbiddenError, NotFoundError } from '#http/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { getConsent } from '#store/consents.ts';
import { revokeConsent } from '#use-cases/consents/revoke-consent.ts';
import { sessionOf } from './session-cookie.ts';

/** POST /account/consents/{ConsentId}/revoke: the same effect as the fintech's DELETE. */
export const handler = apiHandler({ query: ['lang'], body: 'form' }, async (request) => {
  const session = await sessionOf(request);
  const form = new URLSearchParams(String(request.body));
  if (!session || form.get('csrf') !== session.csrfToken) {
    throw new ForbiddenError('VN.OB.Session.Invalid', 'Sign in again on the sharing page, then retry.');
  }
  const consent = await getConsent(request.params.ConsentId ?? '');
  if (!consent || consent.customerId !== session.customerId)
    throw new NotFoundError('No such consent of yours.');
  await revokeConsent(consent);
  return { status: 303, headers: { location: `../../consents?lang=${localeFrom(request.query.lang)}` } };
});
