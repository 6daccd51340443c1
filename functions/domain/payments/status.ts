import { randomUUID } from 'node:crypto';
import { OWN_BANK_BIN } from '#domain/banks.ts';
import type { DomesticInitiation, PaymentRisk } from './initiation.ts';
import type { ScaMethod } from './strong-authentication.ts';

/**
 * A domestic payment's life (UK OB v3.1 status names):
 *
 *     intra-bank:  ──booked──▶ AcceptedSettlementCompleted
 *     interbank:   ──booked──▶ AcceptedSettlementInProcess ──NAPAS settles──▶ AcceptedSettlementCompleted
 *                                                          └─receiving bank refuses─▶ Rejected (funds returned)
 *     refused at submission (insufficient funds, account unavailable) ──▶ Rejected (nothing moved)
 *
 * Only `AcceptedSettlementInProcess` is open; the others are final.
 */
export type PaymentStatus = 'AcceptedSettlementInProcess' | 'AcceptedSettlementCompleted' | 'Rejected';

/** Why a payment was rejected (the response's `StatusDetail.StatusReason`). */
export type RejectionReason =
  | 'InsufficientFunds'
  | 'DebtorAccountUnavailable'
  | 'CreditorAccountUnavailable'
  | 'ReceivingBankRejected';

interface PaymentStatusChange {
  Status: PaymentStatus;
  At: string;
}

/** A payment as the rules see it (the store's item adds its keys). */
export interface DomesticPayment {
  paymentId: string;
  consentId: string;
  /** The fintech that submitted it: the only client that may read it. */
  clientId: string;
  customerId: string;
  /** The ledger account debited (the customer's choice on the consent page). */
  debtorAccountId: string;
  debtor: { accountNumber: string; name: string; bankBin: string };
  /** The ledger account credited: the payee's account here, or the NAPAS clearing account. */
  creditAccountId: string;
  initiation: DomesticInitiation;
  risk: PaymentRisk;
  amount: number;
  scaMethod: ScaMethod;
  status: PaymentStatus;
  createdAt: string;
  statusUpdatedAt: string;
  statusHistory: PaymentStatusChange[];
  /** Vietnam business day of the submission: the day whose running total it counts in. */
  day: string;
  /** The posting that moved the money (absent when rejected at submission). */
  postingId?: string;
  /** The posting that returned it (interbank payment refused by the receiving bank). */
  reversalPostingId?: string;
  rejection?: { reason: RejectionReason; description: string };
  /** Interbank: when the settlement worker may settle it. */
  settleAfter?: string;
}

/** `pdc-<uuid>`: a new domestic-payment consent id. */
export function newPaymentConsentId(): string {
  return `pdc-${randomUUID()}`;
}

/** `dp-<uuid>`: a new domestic payment id. */
export function newPaymentId(): string {
  return `dp-${randomUUID()}`;
}

/** How long a domestic-payment consent may wait for the customer and then for submission. */
const PAYMENT_CONSENT_TTL_MS = 10 * 60_000;

/** When a consent created at `now` expires. */
export function paymentConsentExpiry(now: Date): string {
  return new Date(now.getTime() + PAYMENT_CONSENT_TTL_MS).toISOString();
}

/** Whether the creditor banks here: the posting then credits the payee directly. */
export function isIntraBank(initiation: Pick<DomesticInitiation, 'CreditorAgent'>): boolean {
  return initiation.CreditorAgent.Identification === OWN_BANK_BIN;
}

/** The status a booked payment starts in: settled at once within the bank, in process through NAPAS. */
export function bookedStatus(initiation: Pick<DomesticInitiation, 'CreditorAgent'>): PaymentStatus {
  return isIntraBank(initiation) ? 'AcceptedSettlementCompleted' : 'AcceptedSettlementInProcess';
}

/** NAPAS 247 settles within seconds; the sandbox waits this long before settling an interbank payment. */
export const SETTLEMENT_DELAY_MS = 10_000;

/** When an interbank payment booked at `now` may be settled. */
export function settlementDue(now: Date): string {
  return new Date(now.getTime() + SETTLEMENT_DELAY_MS).toISOString();
}

export type SettlementOutcome = 'Completed' | 'Rejected';

/**
 * The sandbox's receiving banks, deterministic so that fintechs can test both branches: a
 * creditor account or card number ending in `0000` is refused, every other one is credited.
 */
export function sandboxSettlementOutcome(
  initiation: Pick<DomesticInitiation, 'CreditorAccount'>,
): SettlementOutcome {
  return initiation.CreditorAccount.Identification.endsWith('0000') ? 'Rejected' : 'Completed';
}

/** The posting id of a payment's money movement: one per payment, so it can never be booked twice. */
export function paymentPostingId(paymentId: string): string {
  return `pst_${paymentId}`;
}

/** The posting id that returns a refused interbank payment's funds: at most one return per payment. */
export function reversalPostingId(paymentId: string): string {
  return `pst_rev_${paymentId}`;
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
