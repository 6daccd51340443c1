import type { Consent } from '../consent.ts';
import type { DomesticInitiation, PaymentRisk } from './initiation.ts';
import type { ScaMethod } from './strong-authentication.ts';

/** The debtor the customer chose, as the consent and payment show it (`OBCashAccountDebtor4`). */
export interface DebtorView {
  SchemeName: 'VN.AccountNumber';
  Identification: string;
  Name: string;
}

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
