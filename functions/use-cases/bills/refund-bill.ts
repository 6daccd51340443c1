import {
  type Bill,
  effectiveStatus,
  REFUND_WINDOW_DAYS,
  refundable,
  withinRefundWindow,
} from '#domain/bills/bill.ts';
import { billErrors } from '#domain/bills/errors.ts';
import { billRefundedEvent } from '#domain/bills/events.ts';
import { refundTransfer } from '#domain/bills/postings.ts';
import { type BillRefund, refundPostingId } from '#domain/bills/refund.ts';
import type { RefundRequest } from '#domain/bills/requests.ts';
import { ConcurrentModificationError, DuplicatePostingError } from '#domain/ledger/errors.ts';
import { BillChanged, billChange, getRefund, RefundExists, refundWrite } from '#store/bills/bills.ts';
import { eventItem } from '#store/events.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import { backoff } from '#store/transact.ts';
import { getOwnBill } from './get-own-bill.ts';

const MAX_ATTEMPTS = 4;

/**
 * A partner's refund of a paid bill, full or partial: ONE ledger transaction books the posting
 * (collection account → the payer, on the shard the payment credited), adds the amount to the
 * bill's refunded total (conditioned on the bill as read, so concurrent refunds never together
 * exceed what was paid), stores the refund `Completed` and the `bill.refunded` event. The
 * partner's `RefundId` makes it idempotent: the same id with the same amount and reason answers
 * that refund again. Refused (nothing moves) above what is left to refund, or after 90 days.
 */
export async function refundBill(
  clientId: string,
  billId: string,
  request: RefundRequest,
  now = new Date(),
): Promise<{ bill: Bill; refund: BillRefund }> {
  let { bill } = await getOwnBill(clientId, billId);
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const existing = await getRefund(bill.billId, request.refundId);
    if (existing) return { bill, refund: sameRefund(existing, request) };
    const status = effectiveStatus(bill, now);
    if (status === 'Refunded') throw billErrors.refundExceedsPaid(0);
    if (status !== 'Paid' || !bill.settlement) throw billErrors.notPaid(status);
    if (!withinRefundWindow(bill, now)) throw billErrors.refundWindowClosed(REFUND_WINDOW_DAYS);
    const left = refundable(bill);
    if (request.amount > left) throw billErrors.refundExceedsPaid(left);

    const at = now.toISOString();
    const refund: BillRefund = {
      refundId: request.refundId,
      billId: bill.billId,
      clientId,
      kind: 'Partner',
      reason: request.reason,
      amount: request.amount,
      status: 'Completed',
      createdAt: at,
      completedAt: at,
      originalPostingId: bill.settlement.postingId,
      postingId: refundPostingId(bill.billId, request.refundId),
      paymentId: bill.settlement.paymentId,
      payer: bill.settlement.payer,
    };
    const refunded = bill.refunded + request.amount;
    const next: Bill = {
      ...bill,
      refunded,
      ...(refunded === bill.settlement.due ? { status: 'Refunded' as const, statusUpdatedAt: at } : {}),
      version: bill.version + 1,
    };
    try {
      await postTransfer(refundTransfer(bill, refund), {
        now: () => now,
        creditMayBeDisabled: true,
        extraWrites: [
          billChange(next, bill.version),
          refundWrite(refund, 'create'),
          eventItem(billRefundedEvent(refund, next)),
        ],
      });
      return { bill: next, refund };
    } catch (error) {
      if (error instanceof RefundExists && error.current)
        return { bill, refund: sameRefund(error.current, request) };
      if (error instanceof DuplicatePostingError) {
        // A request with the same RefundId booked first (its posting id is the refund's): the
        // next round reads its refund and answers it, or refuses a different one.
        ({ bill } = await getOwnBill(clientId, billId));
        continue;
      }
      if (!(error instanceof BillChanged) || !error.current) throw error;
      bill = error.current;
      await backoff(attempt);
    }
  }
  // Other refunds of this bill kept winning: nothing moved, and the amount may well still fit.
  throw new ConcurrentModificationError(MAX_ATTEMPTS);
}

/** The refund this `RefundId` made, if the request asks the same; a different one is refused. */
function sameRefund(existing: BillRefund, request: RefundRequest): BillRefund {
  if (
    existing.kind !== 'Partner' ||
    existing.amount !== request.amount ||
    existing.reason !== request.reason
  ) {
    throw billErrors.refundIdConflict();
  }
  return existing;
}
