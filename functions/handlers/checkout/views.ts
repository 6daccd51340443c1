import { type CheckoutSession, effectiveCheckoutStatus, outcomeOf } from '#domain/checkout/session.ts';
import type { ApiRequest } from '#http/request.ts';
import type { Schemas } from '#http/respond.ts';

/** The bank's public base URL (configured origin and any stage path), from the request's public URL. */
export function bankBase(request: ApiRequest<unknown>): string {
  const path = request.url.pathname;
  const stage = path.endsWith(request.event.path)
    ? path.slice(0, path.length - request.event.path.length)
    : '';
  return `${request.url.origin}${stage}`;
}

/** The one-time page of a session on the bank's own domain (configuration, never the request's Host). */
function checkoutPageUrl(baseOrigin: string, sessionId: string): string {
  return `${baseOrigin.replace(/\/$/, '')}/checkout/${sessionId}`;
}

/** The contract's `CheckoutSession` as of `now`. */
export function checkoutSessionView(
  session: CheckoutSession,
  pageOrigin: string,
  now: Date,
): Schemas['CheckoutSession'] {
  const status = effectiveCheckoutStatus(session, now);
  const outcome = outcomeOf(status);
  return {
    CheckoutSessionId: session.checkoutSessionId,
    BillId: session.billId,
    Status: status,
    ...(outcome ? { Outcome: outcome } : {}),
    Url: checkoutPageUrl(pageOrigin, session.checkoutSessionId),
    Locale: session.locale,
    CreationDateTime: session.createdAt,
    StatusUpdateDateTime: status === session.status ? session.statusUpdatedAt : session.expiresAt,
    ExpiresAt: session.expiresAt,
    ...(status === 'Paid' && session.amountPaid !== undefined
      ? { Amount: { Amount: String(session.amountPaid), Currency: 'VND' } }
      : {}),
    ...(session.result ? { Result: session.result } : {}),
    ...(session.failure ? { FailureReason: session.failure } : {}),
  };
}
