import { randomBytes } from 'node:crypto';
import { DomainError, type ErrorCode, invalid } from '../errors.ts';

/**
 * A bank-hosted checkout session (Stripe Checkout as the model): a city partner opens one for
 * one of its bills, sends the citizen to the session's one-time `Url`, and the citizen signs in
 * at the bank, chooses an account and confirms. The session moves `Open → Paid | Cancelled |
 * Failed` (or is `Expired` once its 15 minutes are over), exactly once: the browser then goes
 * back to the partner's registered `ReturnUrl` with a signed result.
 */

const CHECKOUT_STATUSES = ['Open', 'Paid', 'Cancelled', 'Failed', 'Expired'] as const;
export type CheckoutStatus = (typeof CHECKOUT_STATUSES)[number];

/** What the portal is told on the return: the contract's three outcomes. */
export type CheckoutOutcome = 'paid' | 'cancelled' | 'failed';

export type CheckoutLocale = 'vi' | 'en';

/** A session lasts at most this long (the issue: an expiry of at most 15 minutes). */
const CHECKOUT_SECONDS = 15 * 60;

/** Wrong one-time passwords at Confirm before the session fails (the OTP is rate-limited per session too). */
export const MAX_OTP_FAILURES = 5;

/** The JWS `typ` of a checkout result (RFC 8725 §3.11: explicit typing, never taken for a receipt). */
export const CHECKOUT_RESULT_TYPE = 'vn-ob-checkout+jwt';

export interface CheckoutSession {
  checkoutSessionId: string;
  billId: string;
  /** The city partner's client id: the only client that reads the session. */
  clientId: string;
  returnUrl: string;
  locale: CheckoutLocale;
  status: CheckoutStatus;
  createdAt: string;
  expiresAt: string;
  statusUpdatedAt: string;
  /** The customer who signed in, once someone has. */
  customerId?: string;
  /** SHA-256 of the secret cookie of the browser that signed in: only that browser may go on. */
  browserDigest?: string;
  /** Sent back by every form of the page, so another site cannot post for the customer. */
  csrfToken: string;
  otpFailures: number;
  /** Whole VND paid, once paid. */
  amountPaid?: number;
  /** The bill payment's ledger posting, once paid. */
  postingId?: string;
  /** The signed result (compact JWS) the browser took back to the portal, once finished. */
  result?: string;
  /** Why the session failed, as an error code. */
  failure?: ErrorCode;
  /** Bumped on every change; changes are conditioned on it. */
  version: number;
}

/** A new session id: `cs_` and 32 random bytes base64url (256 bits: not guessable, not enumerable). */
function newCheckoutSessionId(): string {
  return `cs_${randomBytes(32).toString('base64url')}`;
}

/** The shape of a session id; anything else is refused before any read. */
export const CHECKOUT_SESSION_ID = /^cs_[A-Za-z0-9_-]{43}$/;

/** A new session for a bill, open until `now + CHECKOUT_SECONDS` (never past the bill's own end). */
export function openSession(input: {
  billId: string;
  clientId: string;
  returnUrl: string;
  locale: CheckoutLocale;
  now: Date;
  billExpiresAt: string;
}): CheckoutSession {
  const end = Math.min(input.now.getTime() + CHECKOUT_SECONDS * 1000, Date.parse(input.billExpiresAt));
  return {
    checkoutSessionId: newCheckoutSessionId(),
    billId: input.billId,
    clientId: input.clientId,
    returnUrl: input.returnUrl,
    locale: input.locale,
    status: 'Open',
    createdAt: input.now.toISOString(),
    expiresAt: new Date(end).toISOString(),
    statusUpdatedAt: input.now.toISOString(),
    csrfToken: randomBytes(24).toString('base64url'),
    otpFailures: 0,
    version: 1,
  };
}

/** The status as of `now`: an open session past its expiry is `Expired` before anyone stores it. */
export function effectiveCheckoutStatus(session: CheckoutSession, now: Date): CheckoutStatus {
  if (session.status === 'Open' && now.getTime() >= Date.parse(session.expiresAt)) return 'Expired';
  return session.status;
}

/** The outcome the portal hears for a finished session. */
export function outcomeOf(status: CheckoutStatus): CheckoutOutcome | undefined {
  if (status === 'Paid') return 'paid';
  if (status === 'Cancelled') return 'cancelled';
  if (status === 'Failed' || status === 'Expired') return 'failed';
  return undefined;
}

/**
 * Checks a partner's `ReturnUrl`: https, and exactly one of its client's registered
 * `redirect_uris` (so the page can never send a citizen anywhere the partner did not register).
 */
export function checkReturnUrl(returnUrl: unknown, registered: readonly string[]): string {
  const path = 'Data.ReturnUrl';
  if (typeof returnUrl !== 'string' || returnUrl.length === 0) {
    throw invalid(
      'UK.OBIE.Field.Missing',
      'Data.ReturnUrl is required: one of your registered redirect_uris.',
      {
        path,
      },
    );
  }
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    throw invalid('VN.OB.Checkout.ReturnUrlInvalid', 'Data.ReturnUrl must be an absolute https URL.', {
      path,
    });
  }
  if (url.protocol !== 'https:') {
    throw invalid('VN.OB.Checkout.ReturnUrlNotHttps', 'Data.ReturnUrl must use https.', { path });
  }
  if (!registered.includes(returnUrl)) {
    throw invalid(
      'VN.OB.Checkout.ReturnUrlNotRegistered',
      'Data.ReturnUrl must be exactly one of the redirect_uris registered for your client.',
      { path },
    );
  }
  return returnUrl;
}

/** Checks the optional `Locale`: `vi` (the default) or `en`. */
export function checkLocale(locale: unknown): CheckoutLocale {
  if (locale === undefined) return 'vi';
  if (locale === 'vi' || locale === 'en') return locale;
  throw invalid('UK.OBIE.Field.Invalid', 'Data.Locale must be "vi" or "en".', { path: 'Data.Locale' });
}

/** A refusal on the hosted page: the HTTP status follows the kind, the code names the cause. */
export function checkoutRefusal(
  kind: 'invalid' | 'forbidden' | 'conflict' | 'rate-limited' | 'not-found' | 'unprocessable',
  code: ErrorCode,
  message: string,
): DomainError {
  return new DomainError(kind, code, message);
}

/** A session changed under a request (confirmed, cancelled or signed in to meanwhile): nothing happened. */
export function sessionChangedRefusal(): DomainError {
  return new DomainError(
    'conflict',
    'VN.OB.Checkout.SessionUsed',
    'This checkout session changed meanwhile (confirmed, cancelled or signed in to elsewhere); nothing was done. Reload the page.',
  );
}

/** The claims of a checkout's signed result: the session, the bill, the outcome, the amount and the time. */
export interface CheckoutResultClaims {
  iss: string;
  /** The session id. */
  sub: string;
  /** The partner's client id: the result is for that portal only. */
  aud: string;
  iat: number;
  CheckoutSessionId: string;
  BillId: string;
  Outcome: CheckoutOutcome;
  /** Whole VND moved ("0" when nothing moved). */
  Amount: string;
  Currency: 'VND';
}

/** The result claims of a finished session. */
export function resultClaims(
  session: CheckoutSession,
  outcome: CheckoutOutcome,
  issuer: string,
  at: Date,
): CheckoutResultClaims {
  return {
    iss: issuer,
    sub: session.checkoutSessionId,
    aud: session.clientId,
    iat: Math.floor(at.getTime() / 1000),
    CheckoutSessionId: session.checkoutSessionId,
    BillId: session.billId,
    Outcome: outcome,
    Amount: String(outcome === 'paid' ? (session.amountPaid ?? 0) : 0),
    Currency: 'VND',
  };
}

/**
 * Where the browser goes back to: the registered `ReturnUrl` as stored on the session (never
 * anything from the request), with the session id, the outcome and the signed result.
 */
export function returnLocation(session: CheckoutSession, outcome: CheckoutOutcome, result: string): string {
  const url = new URL(session.returnUrl);
  url.searchParams.set('CheckoutSessionId', session.checkoutSessionId);
  url.searchParams.set('Outcome', outcome);
  url.searchParams.set('Result', result);
  return url.href;
}
