import type { NewEvent } from '../events.ts';
import type { DomesticPayment } from './status.ts';

/** The submitting fintech's `payment.status_changed` event for a payment now in its current status. */
export function paymentStatusChanged(payment: DomesticPayment): NewEvent {
  return {
    clientId: payment.clientId,
    type: 'payment.status_changed',
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
