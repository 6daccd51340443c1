import {
  amountDueAt,
  type Bill,
  type BillPayer,
  type BillSettlement,
  effectiveStatus,
  type PaymentChannel,
} from './bill.ts';
import { billErrors } from './errors.ts';
import { automaticRefundId, type BillRefund, refundPostingId } from './refund.ts';

/** A payment arriving on a bill's collection account, before it is booked. */
export interface BillPaymentAttempt {
  amount: number;
  /** The domestic payment or QR payment. */
  paymentId: string;
  /** The posting that will move the money (payer → collection account). */
  postingId: string;
  channel: PaymentChannel;
  payer: BillPayer;
  at: Date;
  /** Where a refusal points (`Data.Amount`, `Data.Initiation.InstructedAmount.Amount`). */
  amountPath: string;
}

/**
 * What a payment does to a bill, decided from the bill as read (the write is conditioned on
 * that read, so a race replans from the bill as it then is):
 * - `settles`: the first payment of an unpaid bill pays it (`Paid`); what it sent above the amount
 *   due today is refunded automatically;
 * - `duplicate`: the bill was paid already, so this payment is refunded in full, automatically.
 */
export type BillPaymentPlan =
  | { kind: 'settles'; next: Bill; refund?: BillRefund }
  | { kind: 'duplicate'; bill: Bill; refund: BillRefund };

/**
 * Plans a payment of `bill`, or throws the refusal (before any money moves): the bill is
 * cancelled or expired, or the amount is below what is due today.
 */
export function planBillPayment(bill: Bill, attempt: BillPaymentAttempt): BillPaymentPlan {
  const status = effectiveStatus(bill, attempt.at);
  if (status === 'Cancelled' || status === 'Expired') throw billErrors.notPayable(status);
  if (status === 'Paid' || status === 'Refunded') {
    return {
      kind: 'duplicate',
      bill,
      refund: automaticRefund(bill, attempt, attempt.amount, 'DuplicatePayment'),
    };
  }
  const due = amountDueAt(bill, attempt.at);
  if (attempt.amount < due) throw billErrors.underpaid(due, attempt.amountPath);
  const paidAt = attempt.at.toISOString();
  const settlement: BillSettlement = {
    amount: attempt.amount,
    due,
    paidAt,
    channel: attempt.channel,
    paymentId: attempt.paymentId,
    postingId: attempt.postingId,
    payer: attempt.payer,
  };
  const next: Bill = {
    ...bill,
    status: 'Paid',
    statusUpdatedAt: paidAt,
    settlement,
    version: bill.version + 1,
  };
  const excess = attempt.amount - due;
  return excess > 0
    ? { kind: 'settles', next, refund: automaticRefund(bill, attempt, excess, 'Overpayment') }
    : { kind: 'settles', next };
}

function automaticRefund(
  bill: Bill,
  attempt: BillPaymentAttempt,
  amount: number,
  reason: 'DuplicatePayment' | 'Overpayment',
): BillRefund {
  const refundId = automaticRefundId(attempt.paymentId);
  return {
    refundId,
    billId: bill.billId,
    clientId: bill.clientId,
    kind: 'Automatic',
    reason,
    amount,
    status: 'Pending',
    createdAt: attempt.at.toISOString(),
    originalPostingId: attempt.postingId,
    postingId: refundPostingId(bill.billId, refundId),
    paymentId: attempt.paymentId,
    payer: attempt.payer,
  };
}
