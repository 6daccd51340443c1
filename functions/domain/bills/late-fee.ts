/**
 * The late-payment rule for fines: 0.05 % of the unpaid fine for each day late (Law on Handling
 * Administrative Violations, art. 78), counted in Vietnam calendar days after the due date.
 * Integer arithmetic in BigInt, so 13-digit fines times years of days stay exact; the fee is
 * rounded down to whole dong (never more than the law allows).
 */

import { MAX_VND } from '../money.ts';

/** The one rule there is: the statutory late-payment interest on fines. */
export const LATE_PAYMENT_RULES = ['FineDailyInterest'] as const;
export type LatePaymentRule = (typeof LATE_PAYMENT_RULES)[number];

/** Categories that are fines and may carry the rule. */
export const FINE_CATEGORIES: readonly string[] = ['traffic-fine', 'administrative-fee'];

/** 0.05 % a day = 5 / 10 000. */
const RATE_NUMERATOR = 5n;
const RATE_DENOMINATOR = 10_000n;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The late fee on the Vietnam day `day`: none up to and including the due date, then 0.05 % of
 * the principal per day after it.
 *
 * @example lateFeeOn({ amount: 1_000_000, dueDate: '2026-01-10', latePaymentRule: 'FineDailyInterest' }, '2026-01-12') // 1000
 */
export function lateFeeOn(
  bill: { amount: number; dueDate: string; latePaymentRule?: LatePaymentRule | undefined },
  day: string,
): number {
  if (!bill.latePaymentRule) return 0;
  const late = daysBetween(bill.dueDate, day);
  if (late <= 0) return 0;
  return Number((BigInt(bill.amount) * BigInt(late) * RATE_NUMERATOR) / RATE_DENOMINATOR);
}

/**
 * Principal plus the late fee on `day`, capped at the largest amount the wire (and VietQR tag
 * 54) carries, so a fine left unpaid for decades still has a payable code.
 */
export function amountDueOn(
  bill: { amount: number; dueDate: string; latePaymentRule?: LatePaymentRule | undefined },
  day: string,
): number {
  return Math.min(MAX_VND, bill.amount + lateFeeOn(bill, day));
}
