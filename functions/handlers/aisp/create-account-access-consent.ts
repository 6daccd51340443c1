import { parseAccountAccessRequest } from '#domain/account-access.ts';
import { valueOrThrow } from '#domain/errors.ts';
import { apiHandler } from '#http/api-handler.ts';
import { created, type Incoming, memberUrl, type Schemas } from '#http/respond.ts';
import { createAccountAccessConsent } from '#use-cases/account-access-consents/create-account-access-consent.ts';
import { consentView } from './views.ts';

/** POST /v1/aisp/account-access-consents: the fintech asks; the customer decides later. */
export const handler = apiHandler<Incoming<Schemas['AccountAccessConsentRequest']>>(async (request) => {
  const now = new Date();
  const order = valueOrThrow(parseAccountAccessRequest(request.body, now));
  const consent = await createAccountAccessConsent(request.caller!.clientId, order, now);
  return created(request, 'AccountAccessConsentResponse', {
    self: memberUrl(request, consent.consentId),
    data: consentView(consent, consent.status),
    risk: {},
  });
});
