import { authorize } from '#auth/authorize.ts';
import { effectiveStatus } from '#domain/consent.ts';
import { apiHandler } from '#http/handler.ts';
import { ownConsent } from '../aisp/own-consent.ts';
import { paymentConsentView, paymentDetailOf } from './views.ts';

/** GET /v1/pisp/domestic-payment-consents/{ConsentId}: status as of now, the debtor once authorised. */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['payments'], subject: 'client' })] },
  async (request) => {
    const consent = await ownConsent(request, 'domestic-payment');
    return {
      status: 200,
      body: {
        Data: paymentConsentView(consent, effectiveStatus(consent, new Date())),
        Risk: paymentDetailOf(consent).Risk,
        Links: { Self: request.url.href },
        Meta: {},
      },
    };
  },
);
