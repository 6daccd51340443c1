import { amountDueAt, type Bill } from '#domain/bills/bill.ts';
import { billPaymentTransfer } from '#domain/bills/postings.ts';
import {
  type CheckoutSession,
  checkoutRefusal,
  MAX_OTP_FAILURES,
  sessionChangedRefusal,
} from '#domain/checkout/session.ts';
import { DomainError } from '#domain/errors.ts';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { InsufficientFundsError } from '#domain/ledger/errors.ts';
import { newLedgerId } from '#domain/ledger/transfer.ts';
import { dailyHeadroom, stepUpMethodFor, stepUpReasons } from '#domain/payments/strong-authentication.ts';
import { readForConfirm } from '#store/checkout/confirm-reads.ts';
import {
  CheckoutSessionChanged,
  changeCheckoutSession,
  checkoutSessionChange,
} from '#store/checkout/sessions.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import { dailyTotalChange } from '#store/payments/daily-totals.ts';
import { bookBillPayment } from '#use-cases/bills/book-bill-payment.ts';
import { otpIsValid } from '#use-cases/customer/authenticate-customer.ts';
import { signedReturn } from './finish-checkout.ts';
import { csrfMatches, isBoundBrowser, openSessionOfPage } from './session-access.ts';

/** What the citizen posted with Confirm. */
export interface ConfirmForm {
  sessionId: string;
  browserSecret: string | undefined;
  csrf: string | null;
  accountId: string | null;
  otp: string | null;
  stepUpConfirmed: boolean;
  now: Date;
}

/** Raised inside the payment's transaction when a racing payment paid the bill first: nothing is written. */
class PaidElsewhere extends Error {
  override name = 'PaidElsewhere';
}

/**
 * Confirm: checks the browser, the CSRF token, the one-time password (rate-limited per session),
 * the account and the step-up, then pays the bill through bills' own `bookBillPayment` in ONE
 * ledger transaction that debits the customer, credits the partner's collection account, marks
 * the bill `Paid` with its `bill.paid` event, adds to the customer's daily total and ends this
 * session `Paid` (conditioned on the version read, so a second Confirm moves nothing).
 *
 * Three DynamoDB round trips: the session; the bill, the chosen account and the daily total in
 * one `BatchGetItem`; the transaction (which plans from that account read and is conditioned
 * on its version, so the funds check still holds at commit).
 *
 * A bill paid meanwhile by another channel (a QR payment, another session) is refused before any
 * money moves and the session ends `Failed`. Either way the browser goes back to the portal with
 * the signed result. Refusals the citizen can fix (OTP, account, step-up, funds) leave the
 * session open and are thrown as `DomainError`s naming the cause.
 */
export async function confirmCheckout(form: ConfirmForm): Promise<{ location: string }> {
  const { now } = form;
  const session = await openSessionOfPage(form.sessionId, now);
  if (!session.customerId || !isBoundBrowser(session, form.browserSecret)) {
    throw checkoutRefusal(
      'forbidden',
      'VN.OB.Checkout.NotSignedIn',
      'Sign in on this payment page first, in this browser.',
    );
  }
  if (!csrfMatches(session, form.csrf)) {
    throw checkoutRefusal(
      'forbidden',
      'VN.OB.Checkout.CsrfMismatch',
      'This form did not come from the payment page; reload it.',
    );
  }
  if (!otpIsValid(form.otp ?? '')) return refuseOtp(session, now);
  const customerId = session.customerId;
  const { bill, account, bookedToday } = await readForConfirm({
    billId: session.billId,
    accountId: form.accountId,
    customerId,
    day: bookingDayOf(now),
  });
  if (!bill) throw new Error(`checkout session ${session.checkoutSessionId} names a missing bill`);
  const due = amountDueAt(bill, now);
  // The bill is paid into this bank's collection account: never interbank.
  const stepUp = stepUpReasons({ amount: due, bookedToday, interbank: false });
  if (!account || !canPayFrom(account, customerId)) {
    throw checkoutRefusal(
      'invalid',
      'VN.OB.Checkout.AccountNotChosen',
      'Choose one of your accounts to pay from.',
    );
  }
  if (stepUp.length > 0 && stepUpMethodFor(process.env.SANDBOX === '1') === 'none') {
    throw checkoutRefusal(
      'forbidden',
      'VN.OB.Checkout.StepUpUnavailable',
      'This amount needs biometric authentication, which is not available yet; nothing was paid.',
    );
  }
  if (stepUp.length > 0 && !form.stepUpConfirmed) {
    throw checkoutRefusal(
      'invalid',
      'VN.OB.Checkout.StepUpRequired',
      `This amount needs the biometric step-up (Decision 2345/QĐ-NHNN: ${stepUp.join(', ')}); tick the confirmation.`,
    );
  }
  const payer = { accountId: account.accountId, accountNumber: account.accountNumber, name: account.name };
  // Without a step-up, the day's total must still allow this payment when it is written: another
  // payment of the customer's (another page, another fintech) may have raised it since the read.
  const headroom = stepUp.length === 0 ? dailyHeadroom(due) : undefined;
  return pay(session, bill, { due, payer, now, accountRead: account, headroom });
}

/** One of the signed-in customer's own enabled accounts (as the page offers them). */
function canPayFrom(account: AccountItem, customerId: string): boolean {
  return account.ownerKind === 'customer' && account.ownerId === customerId && account.status === 'Enabled';
}

async function pay(
  session: CheckoutSession,
  bill: Bill,
  payment: {
    due: number;
    payer: { accountId: string; accountNumber: string; name: string };
    now: Date;
    /** The payer's account as Confirm read it: the ledger plans from it (its version guards the write). */
    accountRead: AccountItem;
    /** The most the day's total may hold before this payment, when it is paid without a step-up. */
    headroom: number | undefined;
  },
): Promise<{ location: string }> {
  const { now, due, payer, accountRead, headroom } = payment;
  const postingId = newLedgerId('pst');
  const paid: CheckoutSession = {
    ...session,
    status: 'Paid',
    statusUpdatedAt: now.toISOString(),
    amountPaid: due,
    postingId,
    version: session.version + 1,
  };
  const { result, location } = await signedReturn(paid, 'paid', now);
  try {
    await bookBillPayment(
      bill,
      {
        amount: due,
        paymentId: session.checkoutSessionId,
        postingId,
        channel: 'Checkout',
        payer,
        at: now,
        amountPath: 'Data.Amount',
      },
      async (billWrites, outcome) => {
        // The checkout pays only an unpaid bill: a loser of a race is refused before money moves.
        if (outcome.plan === 'duplicate') throw new PaidElsewhere();
        return postTransfer(
          billPaymentTransfer(bill, {
            amount: due,
            paymentId: session.checkoutSessionId,
            postingId,
            payer,
            clientId: bill.clientId,
          }),
          {
            now: () => now,
            accountsRead: new Map([[accountRead.accountId, accountRead]]),
            extraWrites: [
              ...billWrites,
              checkoutSessionChange({ ...paid, result }, session.version),
              dailyTotalChange({
                customerId: session.customerId!,
                day: bookingDayOf(now),
                amount: due,
                ...(headroom !== undefined ? { headroom } : {}),
                onExceeded: () =>
                  checkoutRefusal(
                    'invalid',
                    'VN.OB.Checkout.StepUpRequired',
                    "Another payment raised today's total meanwhile: this amount now needs the biometric step-up (Decision 2345/QĐ-NHNN); nothing was paid, tick the confirmation.",
                  ),
              }),
            ],
          },
        );
      },
    );
  } catch (error) {
    if (error instanceof CheckoutSessionChanged) throw sessionChangedRefusal();
    if (error instanceof InsufficientFundsError) {
      throw checkoutRefusal(
        'unprocessable',
        'VN.OB.Checkout.PaymentRefused',
        'The chosen account does not have enough available balance; nothing was paid. Choose another account.',
      );
    }
    const refused =
      error instanceof PaidElsewhere || (error instanceof DomainError && error.kind === 'conflict');
    if (!refused) throw error;
    return fail(session, now, 'VN.OB.Checkout.BillNotPayable');
  }
  return { location };
}

/** Ends the session `Failed` (nothing moved) and sends the browser back with the signed `failed` result. */
async function fail(
  session: CheckoutSession,
  now: Date,
  failure: 'VN.OB.Checkout.BillNotPayable' | 'VN.OB.Checkout.TooManyOtpAttempts',
) {
  const failed: CheckoutSession = {
    ...session,
    status: 'Failed',
    failure,
    statusUpdatedAt: now.toISOString(),
    version: session.version + 1,
  };
  const { result, location } = await signedReturn(failed, 'failed', now);
  try {
    await changeCheckoutSession({ ...failed, result }, session.version);
  } catch (error) {
    if (error instanceof CheckoutSessionChanged) throw sessionChangedRefusal();
    throw error;
  }
  return { location };
}

/** A wrong one-time password: counted on the session; the fifth ends it `Failed`. */
async function refuseOtp(session: CheckoutSession, now: Date): Promise<{ location: string }> {
  const failures = session.otpFailures + 1;
  if (failures >= MAX_OTP_FAILURES) {
    await fail({ ...session, otpFailures: failures }, now, 'VN.OB.Checkout.TooManyOtpAttempts');
    throw checkoutRefusal(
      'rate-limited',
      'VN.OB.Checkout.TooManyOtpAttempts',
      `The one-time password was wrong ${failures} times: this payment page is closed and nothing was paid.`,
    );
  }
  try {
    await changeCheckoutSession(
      { ...session, otpFailures: failures, version: session.version + 1 },
      session.version,
    );
  } catch (error) {
    if (error instanceof CheckoutSessionChanged) throw sessionChangedRefusal();
    throw error;
  }
  throw checkoutRefusal(
    'invalid',
    'VN.OB.Checkout.WrongOtp',
    `The one-time password is not correct (${MAX_OTP_FAILURES - failures} attempts left); nothing was paid.`,
  );
}
