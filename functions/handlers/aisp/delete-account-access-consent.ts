import { authorize } from '#auth/authorize.ts';
import { apiHandler } from '#http/handler.ts';
import { revokeConsent } from '#use-cases/consents/revoke-consent.ts';
import { ownConsent } from './own-consent.ts';

/** DELETE /v1/aisp/account-access-consents/{ConsentId}: revokes it and every token under it, at once. */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['accounts'], subject: 'client' })] },
  async (request) => {
    await revokeConsent(await ownConsent(request, 'account-access'));
    return { status: 204 };
  },
);
