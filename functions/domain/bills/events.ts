import type { NewEvent } from '../events.ts';
import { formatVnd } from '../money.ts';
import type { Bill } from './bill.ts';
import type { BillRefund } from './refund.ts';

/**
 * The partner's bill events (`bill.paid`, `bill.cancelled`, `bill.expired`, `bill.refunded`),
 * each written in the same transaction as the change it reports. `data` carries the bill id and
 * its new status, as the contract's webhooks require.
 */
export function billStatusEvent(bill: Bill): NewEvent {
  const type = ({ Paid: 'bill.paid', Cancelled: 'bill.cancelled', Expired: 'bill.expired' } as const)[
    bill.status as 'Paid' | 'Cancelled' | 'Expired'
  ];
  if (!type) throw new TypeError(`No event reports a bill becoming ${bill.status}`);
  return {
    clientId: bill.clientId,
    type,
    occurredAt: new Date(bill.statusUpdatedAt),
    data: {
      BillId: bill.billId,
      Status: bill.status,
      Reference: bill.reference,
      ...(bill.settlement
        ? {
            Amount: { Amount: formatVnd(bill.settlement.due), Currency: 'VND' },
            PaidAt: bill.settlement.paidAt,
            PostingId: bill.settlement.postingId,
          }
        : {}),
    },
  };
}

/** `bill.refunded`: a refund of the bill was booked (the bill's status is given as it now is). */
export function billRefundedEvent(refund: BillRefund, billStatus: string): NewEvent {
  return {
    clientId: refund.clientId,
    type: 'bill.refunded',
    occurredAt: new Date(refund.completedAt ?? refund.createdAt),
    data: {
      BillId: refund.billId,
      Status: billStatus,
      RefundId: refund.refundId,
      RefundKind: refund.kind,
      Amount: { Amount: formatVnd(refund.amount), Currency: 'VND' },
      PostingId: refund.postingId,
    },
  };
}
