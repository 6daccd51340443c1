import { authorize } from '#auth/authorize.ts';
import { effectiveStatus } from '#domain/consent.ts';
import { apiHandler } from '#http/handler.ts';
import { ownConsent } from './own-consent.ts';
import { consentView } from './views.ts';

/** GET /v1/aisp/account-access-consents/{ConsentId}: status as of now (an expired consent says so). */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['accounts'], subject: 'client' })] },
  async (request) => {
    const consent = await ownConsent(request, 'account-access');
    return {
      status: 200,
      body: {
        Data: consentView(consent, effectiveStatus(consent, new Date())),
        Risk: {},
        Links: { Self: request.url.href },
        Meta: {},
      },
    };
  },
);
