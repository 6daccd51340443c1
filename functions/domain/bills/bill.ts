import { randomBytes } from 'node:crypto';
import { bookingDayOf } from '../ledger/booking-day.ts';
import { amountDueOn, type LatePaymentRule } from './late-fee.ts';

/**
 * A public-service bill a city partner issues to a citizen (Pix `cobv` as the model): a due
 * date, days payable after it, a mandatory payer, an optional late-payment rule applied for the
 * day of payment, and a status moving `Unpaid → Paid | Cancelled | Expired` (and `Paid →
 * Refunded` once the partner has refunded all of it).
 */

/** The contract's nine categories. */
export const BILL_CATEGORIES = [
  'administrative-fee',
  'traffic-fine',
  'registration-tax',
  'social-insurance',
  'tuition',
  'hospital-fee',
  'electricity',
  'water',
  'telecom',
] as const;
export type BillCategory = (typeof BILL_CATEGORIES)[number];

export const BILL_STATUSES = ['Unpaid', 'Paid', 'Cancelled', 'Expired', 'Refunded'] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];

/** How a bill was paid. */
export type PaymentChannel = 'PaymentInitiation' | 'VietQr' | 'Checkout';

/** Who paid, as the ledger booked it. */
export interface BillPayer {
  accountId: string;
  accountNumber: string;
  name: string;
}

/** The payment that settled the bill. */
export interface BillSettlement {
  /** What the payer sent (above `due` when overpaid: the excess is refunded automatically). */
  amount: number;
  /** The amount due on the day of payment, kept by the partner. */
  due: number;
  paidAt: string;
  channel: PaymentChannel;
  /** The domestic payment or QR payment id. */
  paymentId: string;
  /** The ledger posting that credited the collection account. */
  postingId: string;
  payer: BillPayer;
}

/** The partner's collection account a bill is paid into. */
export interface CollectionAccountRef {
  accountId: string;
  accountNumber: string;
  bankBin: string;
  name: string;
  shards: number;
}

export interface Bill {
  billId: string;
  /** The city partner's client id: the only client that sees the bill. */
  clientId: string;
  category: BillCategory;
  reference: string;
  payerName: string;
  payerId?: { schemeName: PayerIdScheme; identification: string };
  /** Principal, whole VND. */
  amount: number;
  /** Vietnam calendar dates, `YYYY-MM-DD`. */
  dueDate: string;
  payableUntil: string;
  description: string;
  latePaymentRule?: LatePaymentRule;
  status: BillStatus;
  createdAt: string;
  statusUpdatedAt: string;
  collection: CollectionAccountRef;
  settlement?: BillSettlement;
  /** Refunded by the partner so far (automatic refunds of excess or duplicates are not counted). */
  refunded: number;
  /** Bumped on every change; changes are conditioned on it. */
  version: number;
  /** Fingerprint of the create request, so the same `Reference` with another body is refused. */
  fingerprint: string;
}

export const PAYER_ID_SCHEMES = ['VN.CCCD', 'VN.TaxCode', 'VN.StudentId'] as const;
export type PayerIdScheme = (typeof PAYER_ID_SCHEMES)[number];

/**
 * A new bill id: `bill_` and 20 base32 characters (100 random bits), 25 characters in all, so it
 * fits VietQR's bill number (tag 62/01, at most 25) as written.
 */
export function newBillId(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  let id = 'bill_';
  for (const byte of bytes) id += alphabet[byte & 31];
  return id;
}

export const BILL_ID = /^bill_[A-Z2-9]{20}$/;

/** Vietnam keeps UTC+7 all year. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The first instant after a Vietnam calendar day (its midnight, UTC+7). */
export function endOfVietnamDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 24 * 60 * 60 * 1000 - VIETNAM_OFFSET_MS);
}

/** The first instant of a Vietnam calendar day. */
export function startOfVietnamDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - VIETNAM_OFFSET_MS);
}

/** When an unpaid bill expires: the end of its last payable day, Vietnam time. */
export function expiresAt(bill: Pick<Bill, 'payableUntil'>): string {
  return endOfVietnamDay(bill.payableUntil).toISOString();
}

/** The status as of `now`: an unpaid bill past its last payable day is `Expired` even before the worker stores it. */
export function effectiveStatus(bill: Pick<Bill, 'status' | 'payableUntil'>, now: Date): BillStatus {
  if (bill.status === 'Unpaid' && now.getTime() >= endOfVietnamDay(bill.payableUntil).getTime()) {
    return 'Expired';
  }
  return bill.status;
}

/** When the effective status began. */
export function effectiveStatusTime(bill: Bill, now: Date): string {
  return effectiveStatus(bill, now) === bill.status ? bill.statusUpdatedAt : expiresAt(bill);
}

/** What the payer owes on the Vietnam day of `at`: the principal plus any late fee accrued by then. */
export function amountDueAt(bill: Pick<Bill, 'amount' | 'dueDate' | 'latePaymentRule'>, at: Date): number {
  return amountDueOn(bill, bookingDayOf(at));
}

/**
 * What the bill shows as due at `now`: accruing its late fee while it can be paid, frozen at what
 * it was when it was cancelled or expired (an ended bill owes nothing more each day).
 */
export function amountShownDue(bill: Bill, now: Date): number {
  const status = effectiveStatus(bill, now);
  if (status !== 'Cancelled' && status !== 'Expired') return amountDueAt(bill, now);
  // The last instant it could be paid: expiry is the end of a Vietnam day, exclusive.
  return amountDueAt(bill, new Date(Date.parse(effectiveStatusTime(bill, now)) - 1));
}

/** What the partner may still refund: what it kept of the payment, less its refunds. */
export function refundable(bill: Bill): number {
  return bill.settlement ? bill.settlement.due - bill.refunded : 0;
}

/** Refunds are allowed this long after the payment. */
export const REFUND_WINDOW_DAYS = 90;

/** Whether a refund asked at `now` is within {@link REFUND_WINDOW_DAYS} of the payment. */
export function withinRefundWindow(bill: Bill, now: Date): boolean {
  if (!bill.settlement) return false;
  return now.getTime() - Date.parse(bill.settlement.paidAt) <= REFUND_WINDOW_DAYS * 24 * 60 * 60 * 1000;
}
