import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getOwnCheckoutSession } from '#use-cases/checkout/get-own-checkout-session.ts';
import { bankBase, checkoutSessionView } from './views.ts';

/** GET /v1/checkout-sessions/{CheckoutSessionId}: the session's status and outcome, the source of truth. */
export const handler = apiHandler(async (request) => {
  const session = await getOwnCheckoutSession(
    request.caller!.clientId,
    request.params.CheckoutSessionId ?? '',
  );
  return respond(request, 'CheckoutSessionResponse', {
    data: checkoutSessionView(session, bankBase(request), new Date()),
  });
});
