import { createHash } from 'node:crypto';
import type { BillPayer } from './bill.ts';

/**
 * A refund of a bill's money to the payer: automatic (a second payment of a paid bill, the
 * excess of an overpayment) or asked by the partner (its own `RefundId`). Each is a ledger
 * posting from the collection account back to the payer's account, linked to the posting it
 * returns, with its own status: `Pending` until that posting is booked, then `Completed`.
 */
type RefundKind = 'Automatic' | 'Partner';
type RefundStatus = 'Pending' | 'Completed';

export interface BillRefund {
  refundId: string;
  billId: string;
  /** The partner's client id (owner of the bill). */
  clientId: string;
  kind: RefundKind;
  reason: string;
  amount: number;
  status: RefundStatus;
  createdAt: string;
  completedAt?: string;
  /** The posting whose money goes back (the payment). */
  originalPostingId: string;
  /** The refund's own posting (collection account → payer). */
  postingId: string;
  /** The payment that brought the money (domestic payment or QR payment id). */
  paymentId: string;
  payer: BillPayer;
}

/** The refund id of an automatic refund of one payment: one per payment, so it happens once. */
export function automaticRefundId(paymentId: string): string {
  return `auto-${paymentId}`;
}

/** A refund's posting id, stable for its refund (a retry books the same posting or none). */
export function refundPostingId(billId: string, refundId: string): string {
  const digest = createHash('sha256').update(`${billId}\u0000${refundId}`).digest('base64url').slice(0, 24);
  return `pst_rfd_${digest}`;
}
