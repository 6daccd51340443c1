import { apiHandler } from '#http/api-handler.ts';
import { revokeAccountAccessConsent } from '#use-cases/account-access-consents/revoke-account-access-consent.ts';

/** DELETE /v1/aisp/account-access-consents/{ConsentId}: revokes it and every token under it, at once. */
export const handler = apiHandler(async (request) => {
  await revokeAccountAccessConsent(request.caller!.clientId, request.params.ConsentId ?? '');
  return { status: 204 };
});
