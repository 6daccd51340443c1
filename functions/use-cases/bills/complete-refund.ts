import type { Bill } from '#domain/bills/bill.ts';
import { billRefundedEvent } from '#domain/bills/events.ts';
import { refundTransfer } from '#domain/bills/postings.ts';
import type { BillRefund } from '#domain/bills/refund.ts';
import { DuplicatePostingError } from '#domain/ledger/errors.ts';
import { RefundExists, refundWrite } from '#store/bills/bills.ts';
import { eventItem } from '#store/events.ts';
import { postTransfer } from '#store/ledger/transfer.ts';

/**
 * Books a pending automatic refund: the posting collection account → payer, the refund marked
 * `Completed` and the `bill.refunded` event, in one transaction. Safe to run twice (after a
 * crash, by the sweeper): the refund's posting id is fixed and its record must still be
 * `Pending`, so the money goes back once. Resolves the refund as it now is.
 */
export async function completeRefund(bill: Bill, refund: BillRefund, now = new Date()): Promise<BillRefund> {
  if (refund.status === 'Completed') return refund;
  const completed: BillRefund = { ...refund, status: 'Completed', completedAt: now.toISOString() };
  try {
    await postTransfer(refundTransfer(bill, completed), {
      now: () => now,
      // Money going back to its owner: booked even if the payer's account was disabled since.
      creditMayBeDisabled: true,
      extraWrites: [refundWrite(completed, 'complete'), eventItem(billRefundedEvent(completed, bill))],
    });
    return completed;
  } catch (error) {
    if (error instanceof RefundExists && error.current) return error.current;
    if (error instanceof DuplicatePostingError) return completed;
    throw error;
  }
}
