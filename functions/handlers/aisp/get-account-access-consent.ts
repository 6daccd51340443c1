import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getAccountAccessConsent } from '#use-cases/account-access-consents/get-account-access-consent.ts';
import { consentView } from './views.ts';

/** GET /v1/aisp/account-access-consents/{ConsentId}: status as of now (an expired consent says so). */
export const handler = apiHandler(async (request) => {
  const { consent, status } = await getAccountAccessConsent(
    request.caller!.clientId,
    request.params.ConsentId ?? '',
  );
  return respond(request, 'AccountAccessConsentResponse', { data: consentView(consent, status), risk: {} });
});
