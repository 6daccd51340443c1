import { amountDueAt, type Bill } from '#domain/bills/bill.ts';
import type { PartnerLogo } from '#domain/checkout/partner-logo.ts';
import { type CheckoutSession, effectiveCheckoutStatus } from '#domain/checkout/session.ts';
import { DomainError } from '#domain/errors.ts';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { type StepUpReason, stepUpReasons } from '#domain/payments/strong-authentication.ts';
import { readForPage } from '#store/checkout/page-reads.ts';
import { listCustomerAccounts } from '#store/customers.ts';
import { bookedToday } from '#store/payments/daily-totals.ts';
import { endedRefusal, isBoundBrowser, sessionOfPage } from './session-access.ts';

/** What the hosted page shows for an open session. */
export interface OpenCheckout {
  kind: 'open';
  session: CheckoutSession;
  bill: Bill;
  partnerName: string;
  /** The partner's logo, when it set one (the page shows a monogram otherwise). */
  partnerLogo: PartnerLogo | undefined;
  /** The amount due today, late fee included. */
  dueToday: number;
  /** Not signed in (or signed in from another browser): the sign-in form. */
  stage: 'sign-in' | 'confirm';
  /** Signed in: the customer's accounts that can pay, with their available balance. */
  accounts: AccountItem[];
  /** Signed in: why this payment needs the step-up (Decision 2345, as for payment consents). */
  stepUp: StepUpReason[];
}

/** A page that can no longer be used: the refusal naming why (expired, used, unknown, another browser's). */
export interface EndedCheckout {
  kind: 'ended';
  refusal: DomainError;
  /** The status that closed it (`NotFound` for a tampered or unknown id, `Elsewhere` for another browser's). */
  reason: 'Expired' | 'Paid' | 'Cancelled' | 'Failed' | 'NotFound' | 'Elsewhere';
}

/**
 * What the hosted page shows at `now` to the browser holding `browserSecret`: the bill and
 * sign-in; once this browser signed in, the payable accounts and the step-up the amount needs;
 * or why the page is closed.
 */
export async function checkoutPage(
  sessionId: string,
  browserSecret: string | undefined,
  now: Date,
): Promise<OpenCheckout | EndedCheckout> {
  let session: CheckoutSession;
  try {
    session = await sessionOfPage(sessionId);
  } catch (error) {
    if (error instanceof DomainError) return { kind: 'ended', refusal: error, reason: 'NotFound' };
    throw error;
  }
  const status = effectiveCheckoutStatus(session, now);
  if (status !== 'Open') return { kind: 'ended', refusal: endedRefusal(status), reason: status };
  const signedInHere = Boolean(session.customerId) && isBoundBrowser(session, browserSecret);
  // One round trip after the session: the bill, the partner's name and logo (one BatchGetItem)
  // and (signed in here) the customer's accounts and day's total, all in flight together.
  const [{ bill, partner, logo }, choice] = await Promise.all([
    readForPage(session.billId, session.clientId),
    signedInHere ? payableAccounts(session.customerId!, now) : undefined,
  ]);
  if (!bill) throw new Error(`checkout session ${sessionId} names a missing bill`);
  const dueToday = amountDueAt(bill, now);
  const base = {
    kind: 'open' as const,
    session,
    bill,
    partnerName: partner?.name ?? session.clientId,
    partnerLogo: logo,
    dueToday,
  };
  if (!session.customerId) return { ...base, stage: 'sign-in', accounts: [], stepUp: [] };
  if (!choice) {
    return {
      kind: 'ended',
      reason: 'Elsewhere',
      refusal: new DomainError(
        'forbidden',
        'VN.OB.Checkout.NotSignedIn',
        'This checkout session is signed in from another browser.',
      ),
    };
  }
  return {
    ...base,
    stage: 'confirm',
    accounts: choice.accounts,
    // The bill is paid into this bank's collection account: never interbank.
    stepUp: stepUpReasons({ amount: dueToday, bookedToday: choice.bookedToday, interbank: false }),
  };
}

/** The customer's accounts that can pay (enabled) and what they booked out today. */
async function payableAccounts(
  customerId: string,
  now: Date,
): Promise<{ accounts: AccountItem[]; bookedToday: number }> {
  const [accounts, booked] = await Promise.all([
    listCustomerAccounts(customerId),
    bookedToday(customerId, bookingDayOf(now)),
  ]);
  return { accounts: accounts.filter((account) => account.status === 'Enabled'), bookedToday: booked };
}
