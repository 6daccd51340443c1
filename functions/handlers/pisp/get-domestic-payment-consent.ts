import { effectiveStatus } from '#domain/consent.ts';
import { paymentDetailOf } from '#domain/payments/consent-detail.ts';
import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getOwnConsent } from '#use-cases/consents/get-own-consent.ts';
import { paymentConsentView } from './views.ts';

/** GET /v1/pisp/domestic-payment-consents/{ConsentId}: status as of now, the debtor once authorised. */
export const handler = apiHandler(async (request) => {
  const consent = await getOwnConsent(
    request.caller!.clientId,
    request.params.ConsentId ?? '',
    'domestic-payment',
  );
  return respond(request, 'DomesticPaymentConsentResponse', {
    data: paymentConsentView(consent, effectiveStatus(consent, new Date())),
    risk: paymentDetailOf(consent).Risk,
  });
});
