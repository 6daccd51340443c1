import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getOwnCheckoutSession } from '#use-cases/checkout/get-own-checkout-session.ts';
import { PARTNER_LOGO_PATH, partnerLogoRoute } from './partner-logo.ts';
import { bankBase, checkoutSessionView } from './views.ts';

/**
 * GET /v1/checkout-sessions/{CheckoutSessionId}: the session's status and outcome, the source of
 * truth. The same Lambda serves GET /v1/partner/logo (a city partner's read of its checkout): a
 * Lambda of its own would cost the stack, near CloudFormation's 500 resources, a function, role,
 * policy and log group.
 */
export const handler = apiHandler(async (request) => {
  if (request.route.path === PARTNER_LOGO_PATH) return partnerLogoRoute(request);
  const session = await getOwnCheckoutSession(
    request.caller!.clientId,
    request.params.CheckoutSessionId ?? '',
  );
  return respond(request, 'CheckoutSessionResponse', {
    data: checkoutSessionView(session, bankBase(request), new Date()),
  });
});
