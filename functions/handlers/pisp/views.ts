import type { Consent, ConsentStatus } from '#domain/consent.ts';
import { paymentDetailOf } from '#domain/payments/consent-detail.ts';
import type { DomesticPayment } from '#domain/payments/status.ts';
import type { Schemas } from '#http/respond.ts';

/**
 * UK OB v3.1 `OBWriteDomesticConsentResponse` `Data`, as of `status`. `ScaMethod` (platform
 * extension) says how the customer authenticated: `OneTimePassword`, or `Biometric` when the
 * amount or the day's total needed the step-up of Decision 2345/QĐ-NHNN.
 */
export function paymentConsentView(
  consent: Consent,
  status: ConsentStatus,
): Schemas['DomesticPaymentConsentResponse']['Data'] {
  const detail = paymentDetailOf(consent);
  return {
    ConsentId: consent.consentId,
    CreationDateTime: consent.createdAt,
    Status: status,
    StatusUpdateDateTime:
      status === consent.status ? consent.statusUpdatedAt : (consent.expiresAt ?? consent.statusUpdatedAt),
    ...(consent.expiresAt ? { ExpirationDateTime: consent.expiresAt } : {}),
    Initiation: detail.Initiation,
    ...(detail.Debtor ? { Debtor: detail.Debtor } : {}),
    ...(detail.ScaMethod ? { ScaMethod: detail.ScaMethod } : {}),
  };
}

/**
 * UK OB v3.1 `OBWriteDomesticResponse` `Data`. Platform extensions: `StatusHistory` (every
 * status with its time, oldest first), `ScaMethod`, and `StatusDetail` on a rejection
 * (`StatusReason`, `StatusReasonDescription`, after UK OB 3.1.x `OBDomesticPaymentStatusDetail`).
 */
export function paymentView(payment: DomesticPayment): Schemas['DomesticPaymentResponse']['Data'] {
  return {
    DomesticPaymentId: payment.paymentId,
    ConsentId: payment.consentId,
    CreationDateTime: payment.createdAt,
    Status: payment.status,
    StatusUpdateDateTime: payment.statusUpdatedAt,
    Initiation: payment.initiation,
    Debtor: {
      SchemeName: 'VN.AccountNumber',
      Identification: payment.debtor.accountNumber,
      Name: payment.debtor.name,
    },
    ...(payment.rejection
      ? {
          StatusDetail: {
            Status: payment.status,
            StatusReason: payment.rejection.reason,
            StatusReasonDescription: payment.rejection.description,
          },
        }
      : {}),
    ScaMethod: payment.scaMethod,
    StatusHistory: payment.statusHistory.map((change) => ({
      Status: change.Status,
      StatusUpdateDateTime: change.At,
    })),
  };
}
