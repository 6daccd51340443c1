import { authorize } from '#auth/authorize.ts';
import { parseConsentRequest } from '#domain/payments/initiation.ts';
import { newPaymentConsentId, paymentConsentExpiry } from '#domain/payments/status.ts';
import { ValidationError } from '#http/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { idempotent } from '#http/idempotent.ts';
import { type Consent, putConsent } from '#store/consents.ts';
import { checkPayee } from './payee-check.ts';
import { type PaymentConsentDetail, paymentConsentView } from './views.ts';

/** POST /v1/pisp/domestic-payment-consents: the fintech states the payment; the customer decides later. */
export const handler = apiHandler(
  { body: 'json', use: [authorize({ scopes: ['payments'], subject: 'client' }), idempotent()] },
  async (request) => {
    const now = new Date();
    const { value, problems } = parseConsentRequest(request.body);
    if (!value) throw new ValidationError(problems.list);
    const { creditorAccountId } = await checkPayee(value.initiation);
    const createdAt = now.toISOString();
    const detail: PaymentConsentDetail = {
      Initiation: value.initiation,
      Risk: value.risk,
      ...(creditorAccountId ? { CreditorAccountId: creditorAccountId } : {}),
    };
    const consent: Consent = {
      type: 'Consent',
      consentId: newPaymentConsentId(),
      kind: 'domestic-payment',
      clientId: request.caller!.clientId,
      status: 'AwaitingAuthorisation',
      createdAt,
      statusUpdatedAt: createdAt,
      statusHistory: [{ Status: 'AwaitingAuthorisation', At: createdAt }],
      expiresAt: paymentConsentExpiry(now),
      detail: detail as unknown as Record<string, unknown>,
    };
    await putConsent(consent);
    const self = `${request.url.origin}${request.url.pathname}/${consent.consentId}`;
    return {
      status: 201,
      headers: { location: self },
      body: {
        Data: paymentConsentView(consent, consent.status),
        Risk: value.risk,
        Links: { Self: self },
        Meta: {},
      },
    };
  },
);
