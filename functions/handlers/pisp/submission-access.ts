import { tokenHash, verifyAccessToken } from '#auth/access-token.ts';
import { authorize } from '#auth/authorize.ts';
import { ForbiddenError } from '#http/errors.ts';
import type { ApiMiddleware } from '#http/handler.ts';
import type { ApiRequest, Caller } from '#http/request.ts';
import { getConsent } from '#store/consents.ts';

/**
 * Access to `POST /v1/pisp/domestic-payments`: `authorize()` for a customer's token with scope
 * `payments`, except that a token whose consent is already `Consumed` still gets through to
 * `idempotent()`. A retry of the very payment that consumed the consent (a lost response, a
 * crash after the booking) must be answered with that payment, not with a 403; any other
 * request on a consumed consent is refused by the handler with `VN.OB.Consent.Consumed`
 * before anything is written.
 */
export function paymentSubmissionAccess(): ApiMiddleware {
  const customer = authorize({ scopes: ['payments'], subject: 'customer' });
  return {
    before: async function checkSubmissionAccess(request) {
      try {
        return await customer.before!(request);
      } catch (error) {
        if (!(error instanceof ForbiddenError) || error.code !== 'VN.OB.Consent.Consumed') throw error;
        // authorize() judges the consent's status last: the token, its DPoP proof, the scope and
        // the consent's binding to this client and customer have all been verified by now.
        request.context.api.caller = await consumedConsentCaller(request.context.api);
        return undefined;
      }
    },
  };
}

async function consumedConsentCaller(api: ApiRequest): Promise<Caller> {
  const token = (api.headers.authorization ?? '').split(' ')[1]!;
  const claims = await verifyAccessToken(token);
  const consentId = claims.authorization_details?.find((detail) => detail.type === 'consent')?.consent_id;
  const consent = consentId ? await getConsent(consentId) : undefined;
  if (consent?.status !== 'Consumed' || consent.clientId !== claims.client_id) {
    throw new ForbiddenError('VN.OB.Consent.Invalid', 'the consent behind this token does not exist');
  }
  return {
    clientId: claims.client_id,
    scopes: (claims.scope ?? '').split(' ').filter(Boolean),
    tokenId: tokenHash(token),
    customerId: claims.sub!,
    consent,
  };
}
