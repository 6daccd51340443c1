import type { Bill } from '#domain/bills/bill.ts';
import { billStatusEvent } from '#domain/bills/events.ts';
import { type BillPaymentAttempt, type BillPaymentPlan, planBillPayment } from '#domain/bills/payment.ts';
import type { BillRefund } from '#domain/bills/refund.ts';
import { ConcurrentModificationError } from '#domain/ledger/errors.ts';
import { logger } from '#runtime/logger.ts';
import { BillChanged, billChange, billUnchanged, getBill, refundWrite } from '#store/bills/bills.ts';
import { eventItem } from '#store/events.ts';
import { backoff, type ExtraWrite } from '#store/transact.ts';
import { completeRefund } from './complete-refund.ts';

/** Replans after the bill changed under a payment: paid by a racing payment at most once, then stable. */
const MAX_REPLANS = 4;

/** What a booked payment did to its bill. */
export interface BillPaymentOutcome {
  plan: BillPaymentPlan['kind'];
  /** The bill after the payment (unchanged for a duplicate). */
  bill: Bill;
  /** The automatic refund of an excess or a duplicate, as it stands after this call. */
  refund?: BillRefund;
}

/**
 * Matches a payment to its bill INSIDE the payment's own ledger transaction: `book` receives
 * the bill's writes (the bill paid with its `bill.paid` event, or a duplicate's refund record
 * with a check that the bill is still paid) and must commit them with the posting, all or
 * nothing. The writes are conditioned on the bill as read, so of payments racing on one bill
 * exactly one pays it; a loser's transaction fails with the bill as it now is, and the payment
 * is replanned from it (bounded, with jittered backoff) and booked as a duplicate to refund:
 * never an error for the payer, never a second `Paid`. Expired or cancelled bills and amounts
 * below what is due are refused before any money moves.
 *
 * After the commit, an automatic refund (the excess of an overpayment, or a duplicate) is booked
 * in its own transaction; if that fails the refund stays `Pending` and the sweeper books it.
 */
export async function bookBillPayment<T>(
  bill: Bill,
  attempt: BillPaymentAttempt,
  book: (billWrites: ExtraWrite[], outcome: BillPaymentOutcome) => Promise<T>,
): Promise<{ result: T; outcome: BillPaymentOutcome }> {
  let current = bill;
  for (let replan = 1; replan <= MAX_REPLANS; replan++) {
    const plan = planBillPayment(current, attempt);
    const outcome: BillPaymentOutcome =
      plan.kind === 'settles'
        ? { plan: plan.kind, bill: plan.next, ...(plan.refund ? { refund: plan.refund } : {}) }
        : { plan: plan.kind, bill: plan.bill, refund: plan.refund };
    let result: T;
    try {
      result = await book(billWrites(current, plan), outcome);
    } catch (error) {
      if (!(error instanceof BillChanged)) throw error;
      current = error.current ?? (await getBill(current.billId)) ?? current;
      await backoff(replan);
      continue;
    }
    if (outcome.refund) outcome.refund = await refundNow(outcome.bill, outcome.refund);
    return { result, outcome };
  }
  throw new ConcurrentModificationError(MAX_REPLANS);
}

/** The bill's side of the payment's transaction. */
function billWrites(read: Bill, plan: BillPaymentPlan): ExtraWrite[] {
  if (plan.kind === 'duplicate') return [billUnchanged(read), refundWrite(plan.refund, 'create')];
  return [
    billChange(plan.next, read.version),
    eventItem(billStatusEvent(plan.next)),
    ...(plan.refund ? [refundWrite(plan.refund, 'create')] : []),
  ];
}

/** Books the automatic refund now; left `Pending` for the sweeper if that fails. */
async function refundNow(bill: Bill, refund: BillRefund): Promise<BillRefund> {
  try {
    return await completeRefund(bill, refund);
  } catch (error) {
    logger.warn('automatic refund left pending for the sweeper', {
      billId: bill.billId,
      refundId: refund.refundId,
      error,
    });
    return refund;
  }
}
