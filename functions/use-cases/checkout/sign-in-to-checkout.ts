import { randomBytes } from 'node:crypto';
import { type CheckoutSession, checkoutRefusal } from '#domain/checkout/session.ts';
import { CheckoutSessionChanged, changeCheckoutSession } from '#store/checkout/sessions.ts';
import { authenticateCustomer, type Credentials } from '#use-cases/customer/authenticate-customer.ts';
import { csrfMatches, newBrowserBinding, openSessionOfPage } from './session-access.ts';

export type CheckoutSignIn =
  | { ok: true; browserSecret: string; session: CheckoutSession }
  | { ok: false; reason: 'loginFailed' }
  | { ok: false; reason: 'tooManyAttempts'; retryAfterSeconds: number };

/**
 * Signs the citizen in on the hosted page with the same login and one-time password as the
 * consent pages (throttled per username and per source), and binds the session to this browser:
 * a secret cookie whose digest the session keeps. Only that browser can go on; a session
 * another browser signed in to refuses every other.
 */
export async function signInToCheckout(input: {
  sessionId: string;
  csrf: string | null;
  credentials: Credentials;
  now: Date;
}): Promise<CheckoutSignIn> {
  const session = await openSessionOfPage(input.sessionId, input.now);
  if (session.customerId) {
    throw checkoutRefusal(
      'forbidden',
      'VN.OB.Checkout.NotSignedIn',
      'Someone already signed in to this checkout session in another browser.',
    );
  }
  if (!csrfMatches(session, input.csrf)) {
    throw checkoutRefusal(
      'forbidden',
      'VN.OB.Checkout.CsrfMismatch',
      'Reload the payment page and sign in again.',
    );
  }
  const outcome = await authenticateCustomer(input.credentials);
  if (!outcome.ok) return outcome;
  const binding = newBrowserBinding();
  const next: CheckoutSession = {
    ...session,
    customerId: outcome.customerId,
    browserDigest: binding.digest,
    // A new token once signed in: the one the page showed before sign-in is no longer accepted.
    csrfToken: randomBytes(24).toString('base64url'),
    version: session.version + 1,
  };
  try {
    await changeCheckoutSession(next, session.version);
  } catch (error) {
    if (!(error instanceof CheckoutSessionChanged)) throw error;
    throw checkoutRefusal(
      'forbidden',
      'VN.OB.Checkout.NotSignedIn',
      'Someone already signed in to this checkout session in another browser.',
    );
  }
  return { ok: true, browserSecret: binding.secret, session: next };
}
