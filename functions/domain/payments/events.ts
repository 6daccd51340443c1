import type { NewEvent } from '../events.ts';
import type { DomesticPayment } from './status.ts';

/**
 * The submitting fintech's `payment.status_changed` event for a payment now in its current
 * status (`payment.statusHistory` already ends with it, so its length is the sequence number).
 */
export function paymentStatusChanged(payment: DomesticPayment): NewEvent {
  const sequence = payment.statusHistory.length;
  return {
    clientId: payment.clientId,
    type: 'payment.status_changed',
    resourceId: payment.paymentId,
    sequence,
    occurredAt: new Date(payment.statusUpdatedAt),
    data: {
      DomesticPaymentId: payment.paymentId,
      ConsentId: payment.consentId,
      Status: payment.status,
      StatusUpdateDateTime: payment.statusUpdatedAt,
      InstructedAmount: payment.initiation.InstructedAmount,
      ...(payment.rejection ? { StatusReason: payment.rejection.reason } : {}),
    },
  };
}
