import type { ConsentStatus } from '#domain/consent.ts';
import type { DomesticInitiation, PaymentRisk } from '#domain/payments/initiation.ts';
import type { DomesticPayment, PaymentStatus } from '#domain/payments/status.ts';
import type { ScaMethod } from '#domain/payments/strong-authentication.ts';
import type { Consent } from '#store/consents.ts';
import { eventItem } from '#store/events.ts';
import type { DebtorView } from '#store/payments/consent-writes.ts';

/** What a domestic-payment consent keeps under `detail`. */
export interface PaymentConsentDetail {
  Initiation: DomesticInitiation;
  Risk: PaymentRisk;
  /** Intra-bank: the payee's ledger account, found and checked when the consent was created. */
  CreditorAccountId?: string;
  /** Set when authorised. */
  Debtor?: DebtorView;
  ScaMethod?: ScaMethod;
  /** Set when consumed. */
  DomesticPaymentId?: string;
}

/** The consent's payment detail. */
export function paymentDetailOf(consent: Consent): PaymentConsentDetail {
  return consent.detail as unknown as PaymentConsentDetail;
}

/**
 * UK OB v3.1 `OBWriteDomesticConsentResponse` `Data`, as of `status`. `ScaMethod` (platform
 * extension) says how the customer authenticated: `OneTimePassword`, or `Biometric` when the
 * amount or the day's total needed the step-up of Decision 2345/QĐ-NHNN.
 */
export function paymentConsentView(consent: Consent, status: ConsentStatus) {
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
export function paymentView(payment: DomesticPayment) {
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

/** The whole response body for a payment. */
export function paymentBody(payment: DomesticPayment, self: string) {
  return { Data: paymentView(payment), Links: { Self: self }, Meta: {} };
}

/** The payment as it is after a change to `status` at `at`. */
export function withStatus(
  payment: DomesticPayment,
  status: PaymentStatus,
  at: string,
  rejection?: DomesticPayment['rejection'],
): DomesticPayment {
  return {
    ...payment,
    status,
    statusUpdatedAt: at,
    statusHistory: [...payment.statusHistory, { Status: status, At: at }],
    ...(rejection ? { rejection } : {}),
  };
}

/**
 * The submitting fintech's `payment.status_changed` event for a payment now in its current
 * status, as a write of the same transaction as the change.
 */
export function paymentEvent(payment: DomesticPayment) {
  return eventItem({
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
  });
}
