import { invalid } from './errors.ts';

/**
 * VND amounts on the wire. VND has no minor unit, so an amount is a string of whole dong
 * (`"150000"`), 13 digits at most (VietQR tag 54's limit), held internally as an integer
 * `number` (13 digits sit well inside IEEE-754's exact integers).
 */

/** The largest amount the wire accepts: 13 nines. */
export const MAX_VND = 9_999_999_999_999;

const WIRE_AMOUNT = /^[1-9][0-9]{0,12}$/;

/** Why a wire amount was refused; callers can switch on it, the message tells the client what to send. */
export type AmountProblem =
  | 'NotAString'
  | 'Empty'
  | 'Whitespace'
  | 'Negative'
  | 'Zero'
  | 'Fractional'
  | 'LeadingZero'
  | 'TooLong'
  | 'NotDigits';

export type AmountParse =
  | { ok: true; value: number }
  | { ok: false; problem: AmountProblem; message: string };

const EXAMPLE = 'send whole dong as a string of digits, e.g. "150000"';

function refuse(problem: AmountProblem, message: string): AmountParse {
  return { ok: false, problem, message };
}

/**
 * Parses a wire amount (`^[1-9][0-9]{0,12}$`) into whole VND, or says precisely why not.
 *
 * @example parseVnd('150000') // { ok: true, value: 150000 }
 * @example parseVnd('150.000') // { ok: false, problem: 'Fractional', … }
 */
export function parseVnd(value: unknown): AmountParse {
  if (typeof value !== 'string') {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return refuse('NotAString', `The amount must be a JSON string of whole VND, not ${got}: ${EXAMPLE}.`);
  }
  if (WIRE_AMOUNT.test(value)) return { ok: true, value: Number(value) };
  if (value.length === 0) return refuse('Empty', `The amount is empty: ${EXAMPLE}.`);
  if (value.trim() !== value) return refuse('Whitespace', `The amount has surrounding spaces: ${EXAMPLE}.`);
  if (/^-\s*[0-9]/.test(value)) return refuse('Negative', `The amount must be positive: ${EXAMPLE}.`);
  if (/^[0-9]+[.,][0-9]+$/.test(value)) {
    // "150.000" is 150 000 to a Vietnamese reader and 150 to a machine: refuse both readings.
    return refuse(
      'Fractional',
      `VND has no minor unit and amounts take no decimal or thousands separators: ${EXAMPLE}.`,
    );
  }
  if (!/^[0-9]+$/.test(value)) return refuse('NotDigits', `The amount may contain digits only: ${EXAMPLE}.`);
  if (/^0+$/.test(value)) return refuse('Zero', 'The amount must be greater than zero.');
  if (value.startsWith('0')) {
    return refuse('LeadingZero', `The amount must not start with 0: send "${value.replace(/^0+/, '')}".`);
  }
  return refuse('TooLong', `The amount has ${value.length} digits; send at most 13 (up to ${MAX_VND}).`);
}

/** True for an amount the platform can hold: a whole number of VND from 1 to {@link MAX_VND}. */
export function isVnd(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount >= 1 && amount <= MAX_VND;
}

/**
 * The wire form of an amount (`150000` → `"150000"`). Throws on a value that is not whole
 * VND: that is a programming error, never a client's.
 */
export function formatVnd(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`Not a whole VND amount: ${amount}`);
  return String(amount);
}

/**
 * The amount at `path` as whole VND, or a 400 naming the field and what to send
 * (`UK.OBIE.Field.Missing` when absent, `UK.OBIE.Field.Invalid` otherwise).
 *
 * @example requireVnd(body.Data.InstructedAmount.Amount, 'Data.InstructedAmount.Amount')
 */
export function requireVnd(value: unknown, path: string): number {
  if (value === undefined) {
    throw invalid('UK.OBIE.Field.Missing', `${path} is required: ${EXAMPLE}.`, { path });
  }
  const parsed = parseVnd(value);
  if (!parsed.ok) throw invalid('UK.OBIE.Field.Invalid', `${path}: ${parsed.message}`, { path });
  return parsed.value;
}
