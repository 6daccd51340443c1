import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  CHECKOUT_SESSION_ID,
  type CheckoutSession,
  type CheckoutStatus,
  checkoutRefusal,
  effectiveCheckoutStatus,
} from '#domain/checkout/session.ts';
import type { DomainError } from '#domain/errors.ts';
import { getCheckoutSession } from '#store/checkout/sessions.ts';

/** A fresh secret for the browser that signs in (a cookie), and its digest (stored on the session). */
export function newBrowserBinding(): { secret: string; digest: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, digest: digestOf(secret) };
}

function digestOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Whether this browser (its cookie secret) is the one that signed in to the session. */
export function isBoundBrowser(session: CheckoutSession, secret: string | undefined): boolean {
  return Boolean(secret && session.browserDigest && same(digestOf(secret), session.browserDigest));
}

/** Whether a form's CSRF token is the session's. */
export function csrfMatches(session: CheckoutSession, csrf: string | null | undefined): boolean {
  return Boolean(csrf && session.csrfToken && same(csrf, session.csrfToken));
}

/** Why a session's page is closed, with the code that names it. */
export function endedRefusal(status: Exclude<CheckoutStatus, 'Open'>): DomainError {
  return status === 'Expired'
    ? checkoutRefusal('conflict', 'VN.OB.Checkout.SessionExpired', 'This checkout session has expired.')
    : checkoutRefusal(
        'conflict',
        'VN.OB.Checkout.SessionUsed',
        `This checkout session is already ${status}: its link works only once.`,
      );
}

/** The session named by a page's path, or the 404 a tampered or unknown id gets. */
export async function sessionOfPage(sessionId: string): Promise<CheckoutSession> {
  const session = CHECKOUT_SESSION_ID.test(sessionId) ? await getCheckoutSession(sessionId) : undefined;
  if (!session) {
    throw checkoutRefusal('not-found', 'VN.OB.Checkout.SessionNotFound', 'No such checkout session.');
  }
  return session;
}

/** The session, still open at `now`, or the refusal naming why not. */
export async function openSessionOfPage(sessionId: string, now: Date): Promise<CheckoutSession> {
  const session = await sessionOfPage(sessionId);
  const status = effectiveCheckoutStatus(session, now);
  if (status !== 'Open') throw endedRefusal(status);
  return session;
}
