import { apiHandler } from '#http/api-handler.ts';
import { created, type Incoming, type Schemas } from '#http/respond.ts';
import { createCheckoutSession } from '#use-cases/checkout/create-checkout-session.ts';
import { bankBase, checkoutSessionView } from './views.ts';

/** POST /v1/bills/{BillId}/checkout-sessions: the city partner opens a one-time payment page for its bill. */
export const handler = apiHandler<Incoming<Schemas['CheckoutSessionRequest']>>(async (request) => {
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
