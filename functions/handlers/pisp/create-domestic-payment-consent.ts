import { valueOrThrow } from '#domain/errors.ts';
import { parseConsentRequest } from '#domain/payments/initiation.ts';
import { apiHandler } from '#http/api-handler.ts';
import { created, type Incoming, memberUrl, type Schemas } from '#http/respond.ts';
import { createPaymentConsent } from '#use-cases/payments/create-payment-consent.ts';
import { paymentConsentView } from './views.ts';

/** POST /v1/pisp/domestic-payment-consents: the fintech states the payment; the customer decides later. */
export const handler = apiHandler<Incoming<Schemas['DomesticPaymentConsentRequest']>>(async (request) => {
  const order = valueOrThrow(parseConsentRequest(request.body));
  const consent = await createPaymentConsent(request.caller!.clientId, order);
  return created(request, 'DomesticPaymentConsentResponse', {
    self: memberUrl(request, consent.consentId),
    data: paymentConsentView(consent, consent.status),
    risk: order.risk,
  });
});
