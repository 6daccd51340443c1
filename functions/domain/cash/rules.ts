/**
 * The bank's rules for cash by QR (VietQRCash), in one place so the handlers, the sweeper and
 * the documentation agree.
 *
 * - A session's code can be approved for {@link APPROVAL_WINDOW_MS} after it is shown: long
 *   enough to open the bank app, pick an account and authenticate, short enough that a
 *   photographed code is useless soon after.
 * - Once approved, the terminal has {@link DISPENSE_TIMEOUT_MS} to report the outcome; after that
 *   the sweeper releases the hold (the report was lost, or the terminal died mid-dispense).
 * - Amounts are what an ATM can pay out: multiples of {@link CASH_STEP} (the smallest note in
 *   Vietnamese ATM cassettes is 50,000 VND), at most {@link CASH_MAX_PER_WITHDRAWAL} per
 *   withdrawal (the usual per-transaction ATM limit of Vietnamese banks).
 */

/** How long a new session's code can be approved. */
export const APPROVAL_WINDOW_MS = 3 * 60_000;

/** How long after approval the terminal may report the dispense before the hold is released. */
export const DISPENSE_TIMEOUT_MS = 5 * 60_000;

/** Amounts are multiples of this (VND). */
export const CASH_STEP = 50_000;

/** The most one withdrawal may pay out (VND). */
export const CASH_MAX_PER_WITHDRAWAL = 5_000_000;

/** The ATM merchant category (ISO 18245), shown on the customer's statement. */
export const ATM_CATEGORY_CODE = '6011';

/** ISO 20022 bank transaction code of a cash withdrawal (customer card transactions / cash withdrawal). */
export const CASH_WITHDRAWAL_CODE = { code: 'CCRD', subCode: 'CWDL' } as const;

export type CashAmountProblem = {
  code: 'VN.OB.Cash.AmountNotDispensable' | 'VN.OB.Cash.AmountOverLimit';
  message: string;
};

/**
 * Why a whole-VND amount cannot be dispensed, or undefined when it can.
 *
 * @example cashAmountProblem(120_000) // { code: 'VN.OB.Cash.AmountNotDispensable', … }
 */
export function cashAmountProblem(amount: number): CashAmountProblem | undefined {
  if (amount > CASH_MAX_PER_WITHDRAWAL) {
    return {
      code: 'VN.OB.Cash.AmountOverLimit',
      message: `At most ${CASH_MAX_PER_WITHDRAWAL} VND can be withdrawn at once; withdraw more in several sessions.`,
    };
  }
  if (amount % CASH_STEP !== 0) {
    const lower = Math.floor(amount / CASH_STEP) * CASH_STEP;
    const hint = lower > 0 ? `${lower} or ${lower + CASH_STEP}` : String(CASH_STEP);
    return {
      code: 'VN.OB.Cash.AmountNotDispensable',
      message: `ATMs pay out multiples of ${CASH_STEP} VND; ask for e.g. ${hint}.`,
    };
  }
  return undefined;
}
