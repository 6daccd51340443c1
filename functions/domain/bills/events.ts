import type { NewEvent } from '../events.ts';
import { formatVnd } from '../money.ts';
import type { Bill } from './bill.ts';
import type { BillRefund } from './refund.ts';

/**
 * The partner's bill events (`bill.paid`, `bill.cancelled`, `bill.expired`, `bill.refunded`),
 * each written in the same transaction as the change it reports. `data` carries the bill id and
 * its new status. Sequence numbers (`#domain/events.ts`): a bill starts `Unpaid` at version 0
 * (sequence 1) and every change of the bill bumps its version, so a change's sequence is the
 * bill's version after it plus one. An automatic refund changes no bill (racing duplicates never
 * contend on it): its event names the refund itself (`<BillId>/<RefundId>`), whose second
 * status (`Completed`, after `Pending`) it reports.
 */
export function billStatusEvent(bill: Bill): NewEvent {
  const type = ({ Paid: 'bill.paid', Cancelled: 'bill.cancelled', Expired: 'bill.expired' } as const)[
    bill.status as 'Paid' | 'Cancelled' | 'Expired'
  ];
  if (!type) throw new TypeError(`No event reports a bill becoming ${bill.status}`);
  return {
    clientId: bill.clientId,
    type,
    resourceId: bill.billId,
    sequence: bill.version + 1,
    occurredAt: new Date(bill.statusUpdatedAt),
    data: {
      BillId: bill.billId,
      Status: bill.status,
      StatusUpdateDateTime: bill.statusUpdatedAt,
      Reference: bill.reference,
      ...(bill.settlement
        ? {
            Amount: { Amount: formatVnd(bill.settlement.due), Currency: 'VND' },
            PostingId: bill.settlement.postingId,
          }
        : {}),
    },
  };
}

/**
 * `bill.refunded`: a refund's posting was booked. A partner's refund changes the bill (`bill`
 * is the bill after it); an automatic one does not (`bill` is the bill as it stands).
 */
export function billRefundedEvent(refund: BillRefund, bill: Bill): NewEvent {
  const automatic = refund.kind === 'Automatic';
  const at = refund.completedAt ?? refund.createdAt;
  return {
    clientId: refund.clientId,
    type: 'bill.refunded',
    resourceId: automatic ? `${refund.billId}/${refund.refundId}` : refund.billId,
    sequence: automatic ? 2 : bill.version + 1,
    occurredAt: new Date(at),
    data: {
      BillId: refund.billId,
      Status: bill.status,
      StatusUpdateDateTime: at,
      RefundId: refund.refundId,
      RefundKind: refund.kind,
      Amount: { Amount: formatVnd(refund.amount), Currency: 'VND' },
      PostingId: refund.postingId,
    },
  };
}
