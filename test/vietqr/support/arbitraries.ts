import fc from 'fast-check';
import { banks } from '#domain/banks.ts';
import type { VietQrInput } from '#domain/vietqr/encode.ts';
import { SERVICES } from '#domain/vietqr/spec.ts';

/** Generators of valid encoder input for the property tests. */

const ASCII = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
const ALNUM = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'];
const DIGITS = [...'0123456789'];
const VIETNAMESE = [
  ...'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ',
  ...'ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ',
];

function text(chars: string[], minLength: number, maxLength: number) {
  return fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength });
}

/** Vietnamese free text (half the characters accented, to exercise stripping), up to `max` characters. */
export function vietnameseText(max: number) {
  return fc.string({
    unit: fc.oneof(fc.constantFrom(...ASCII), fc.constantFrom(...VIETNAMESE)),
    minLength: 1,
    maxLength: max,
  });
}

/** An identifier in printable ASCII, of `min` to `max` characters. */
export function asciiText(max: number, min = 1) {
  return text(ASCII, min, max);
}

/** Whole VND from 1 to 13 nines, biased towards the limits. */
export const vndAmount = fc
  .oneof(
    fc.bigInt({ min: 1n, max: 9_999_999_999_999n }),
    fc.constantFrom(1n, 9_999_999_999_999n, 1_000_000_000_000n),
  )
  .map(String);

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

/** Size of tag 62 once written: each present field costs 4 characters of id and length. */
export function additionalLength(input: VietQrInput): number {
  const fields = [input.billNumber, input.reference, input.terminal, input.purpose];
  return fields.reduce((total, value) => total + (value === undefined ? 0 : 4 + [...value].length), 0);
}

/** Any valid input: every service, directory BINs, maximal lengths, diacritics, amounts. */
export const validInput: fc.Arbitrary<VietQrInput> = fc
  .record({
    bankBin: fc.constantFrom(...banks.map((bank) => bank.bin)),
    service: fc.constantFrom(...SERVICES),
    account: text(ALNUM, 1, 19),
    card: text(DIGITS, 8, 19),
    amount: optional(vndAmount),
    purpose: optional(vietnameseText(25)),
    billNumber: optional(asciiText(25)),
    reference: optional(asciiText(25)),
    terminal: optional(asciiText(25)),
    merchantName: optional(vietnameseText(25)),
    city: optional(vietnameseText(15)),
  })
  .map(({ account, card, ...rest }) => {
    const input: VietQrInput = { ...rest, accountNumber: rest.service === 'QRIBFTTC' ? card : account };
    if (input.service === 'QRCASH') {
      input.reference ??= 'REF0001';
      input.terminal ??= 'ATM0001';
    }
    if (input.service === 'QRPUSH' || input.city !== undefined) input.merchantName ??= 'Cửa hàng';
    for (const key of Object.keys(input) as (keyof VietQrInput)[])
      if (input[key] === undefined) delete input[key];
    return input;
  })
  .filter((input) => additionalLength(input) <= 99);
