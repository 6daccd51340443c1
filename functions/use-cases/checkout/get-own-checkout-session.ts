import { CHECKOUT_SESSION_ID, type CheckoutSession } from '#domain/checkout/session.ts';
import { notFound } from '#domain/errors.ts';
import { getCheckoutSession } from '#store/checkout/sessions.ts';

/** One of the partner's own checkout sessions; another's, or a malformed id, is a 404. */
export async function getOwnCheckoutSession(clientId: string, sessionId: string): Promise<CheckoutSession> {
  const session = CHECKOUT_SESSION_ID.test(sessionId) ? await getCheckoutSession(sessionId) : undefined;
  if (!session || session.clientId !== clientId)
    throw notFound(`No checkout session ${sessionId} for this client.`);
  return session;
}
