import { apiHandler } from '#http/api-handler.ts';
import { created, type Incoming, type Schemas } from '#http/respond.ts';
import { createCheckoutSession } from '#use-cases/checkout/create-checkout-session.ts';
import { PARTNER_LOGO_PATH, partnerLogoRoute } from './partner-logo.ts';
import { bankBase, checkoutSessionView } from './views.ts';

/**
 * POST /v1/bills/{BillId}/checkout-sessions: the city partner opens a one-time payment page for
 * its bill. The same Lambda serves PUT and DELETE /v1/partner/logo (the partner's writes of its
 * checkout) rather than a Lambda of their own, as the stack is near CloudFormation's 500 resources.
 */
export const handler = apiHandler<Incoming<Schemas['CheckoutSessionRequest']>>(async (request) => {
  if (request.route.path === PARTNER_LOGO_PATH) return partnerLogoRoute(request);
  const now = new Date();
  const session = await createCheckoutSession({
    clientId: request.caller!.clientId,
    billId: request.params.BillId ?? '',
    body: request.body,
    now,
  });
  return created(request, 'CheckoutSessionResponse', {
    self: `${bankBase(request)}/v1/checkout-sessions/${session.checkoutSessionId}`,
    data: checkoutSessionView(session, bankBase(request), now),
  });
});
