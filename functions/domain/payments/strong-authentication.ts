/**
 * When a payment needs the customer's step-up ("biometric" in the sandbox) on top of the
 * password and one-time password of the sign-in.
 *
 * - Decision 2345/QĐ-NHNN (in force 1 July 2024): biometric authentication for an online
 *   transfer ABOVE 10,000,000 VND, and once the customer's total of the day goes ABOVE
 *   20,000,000 VND. Public summaries disagree on "above" vs "from"; this platform reads
 *   "above" (10,000,000 exactly needs no step-up) and the tests pin both sides.
 * - Circular 09/2020/TT-NHNN: multi-factor authentication when approving an interbank
 *   transfer of 100,000,000 VND or more. Any such amount is already above 10,000,000 VND,
 *   so the same step-up covers it; it is reported as its own reason for the record.
 */

/** A single transfer above this needs the step-up. */
export const SINGLE_TRANSFER_LIMIT = 10_000_000;
/** A day's total (booked outgoing payments plus this one) above this needs the step-up. */
export const DAILY_TOTAL_LIMIT = 20_000_000;
/** Interbank transfers from this amount need multi-factor authentication (Circular 09/2020). */
export const INTERBANK_MFA_FROM = 100_000_000;

export type StepUpReason = 'Amount' | 'DailyTotal' | 'InterbankAmount';

/**
 * How this deployment can step a customer up. In sandbox the consent page's confirmation box
 * stands in for biometrics; outside sandbox no biometric method is wired to the platform yet,
 * so a payment that needs the step-up cannot be authorised at all: it fails closed, as sign-in
 * does without a one-time-password channel. A form field is never strong authentication in live.
 */
export type StepUpMethod = 'sandbox-confirmation' | 'none';

/** The step-up method of a deployment from its configuration (`SANDBOX=1`: the sandbox's confirmation). */
export function stepUpMethodFor(sandbox: boolean): StepUpMethod {
  return sandbox ? 'sandbox-confirmation' : 'none';
}

/** How the customer authenticated the consent: the sign-in's OTP, or the OTP plus the biometric step-up. */
export type ScaMethod = 'OneTimePassword' | 'Biometric';

export interface StepUpInput {
  /** This payment, whole VND. */
  amount: number;
  /** The customer's outgoing payments already booked today (Vietnam day), whole VND. */
  bookedToday: number;
  /** Whether the creditor is at another bank (NAPAS 247). */
  interbank: boolean;
}

/**
 * Why this payment needs the step-up; empty when it does not.
 *
 * @example stepUpReasons({ amount: 10_000_001, bookedToday: 0, interbank: false }) // ['Amount']
 */
export function stepUpReasons(input: StepUpInput): StepUpReason[] {
  const reasons: StepUpReason[] = [];
  if (input.amount > SINGLE_TRANSFER_LIMIT) reasons.push('Amount');
  if (input.bookedToday + input.amount > DAILY_TOTAL_LIMIT) reasons.push('DailyTotal');
  if (input.interbank && input.amount >= INTERBANK_MFA_FROM) reasons.push('InterbankAmount');
  return reasons;
}

/** Whether the payment needs the step-up. */
export function requiresStepUp(input: StepUpInput): boolean {
  return stepUpReasons(input).length > 0;
}

/**
 * For a consent authorised WITHOUT the step-up: the most the customer may already have booked
 * today for this payment to go through, or undefined when the amount alone needs the step-up.
 * The payment's write carries it as a condition on the day's running total, so that payments
 * authorised earlier cannot add up past the limit unnoticed.
 *
 * @example dailyHeadroom(5_000_000) // 15_000_000
 */
export function dailyHeadroom(amount: number): number | undefined {
  if (amount > SINGLE_TRANSFER_LIMIT) return undefined;
  return DAILY_TOTAL_LIMIT - amount;
}
