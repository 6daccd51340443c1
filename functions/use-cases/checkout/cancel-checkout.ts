import { type CheckoutSession, checkoutRefusal, sessionChangedRefusal } from '#domain/checkout/session.ts';
import { CheckoutSessionChanged, changeCheckoutSession } from '#store/checkout/sessions.ts';
import { signedReturn } from './finish-checkout.ts';
import { csrfMatches, isBoundBrowser, openSessionOfPage } from './session-access.ts';

/**
 * The citizen cancels: nothing moves, the session ends `Cancelled` and the browser goes back to
 * the portal with the signed `cancelled` result. Once someone signed in, only that browser may
 * cancel; before, the page's own form (its CSRF token) may.
 */
export async function cancelCheckout(input: {
  sessionId: string;
  browserSecret: string | undefined;
  csrf: string | null;
  now: Date;
}): Promise<{ location: string }> {
  const session = await openSessionOfPage(input.sessionId, input.now);
  if (session.customerId && !isBoundBrowser(session, input.browserSecret)) {
    throw checkoutRefusal(
      'forbidden',
      'VN.OB.Checkout.NotSignedIn',
      'This checkout session is signed in from another browser.',
    );
  }
  if (!csrfMatches(session, input.csrf)) {
    throw checkoutRefusal(
      'forbidden',
      'VN.OB.Checkout.CsrfMismatch',
      'Reload the payment page, then cancel again.',
    );
  }
  const next: CheckoutSession = {
    ...session,
    status: 'Cancelled',
    statusUpdatedAt: input.now.toISOString(),
    version: session.version + 1,
  };
  const { result, location } = await signedReturn(next, 'cancelled', input.now);
  try {
    await changeCheckoutSession({ ...next, result }, session.version);
  } catch (error) {
    if (!(error instanceof CheckoutSessionChanged)) throw error;
    throw sessionChangedRefusal();
  }
  return { location };
}
