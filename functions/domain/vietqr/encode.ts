import { isAns, stripDiacritics } from './charset.ts';
import { crc16 } from './crc16.ts';
import { checkInput, type FieldError, type VietQrField, type VietQrInput } from './input-rules.ts';
import {
  ADDITIONAL,
  ALTERNATE,
  ATM_MCC,
  DYNAMIC,
  LIMIT,
  NAPAS,
  NAPAS_GUID,
  STATIC,
  TAG,
  VIETNAM,
  VND,
} from './spec.ts';
import { tlv } from './tlv.ts';

export type { VietQrField, VietQrInput } from './input-rules.ts';

export type EncodeResult = { ok: true; payload: string } | { ok: false; errors: FieldError[] };

/** The objects every code carries, written once. */
const PAYLOAD_FORMAT = tlv(TAG.payloadFormat, '01');
const STATIC_CODE = tlv(TAG.initiation, STATIC);
const DYNAMIC_CODE = tlv(TAG.initiation, DYNAMIC);
const NAPAS_ID = tlv(NAPAS.guid, NAPAS_GUID);
const CURRENCY = tlv(TAG.currency, VND);
const COUNTRY = tlv(TAG.country, VIETNAM);

/** Vietnamese, as ISO 639-1 names it in the alternate language template. */
const VIETNAMESE = 'vi';

/** Tag 62 fields in the order they are written, with the input field each comes from. */
const ADDITIONAL_ORDER: [string, VietQrField][] = [
  [ADDITIONAL.billNumber, 'billNumber'],
  [ADDITIONAL.mobileNumber, 'mobileNumber'],
  [ADDITIONAL.storeLabel, 'storeLabel'],
  [ADDITIONAL.reference, 'reference'],
  [ADDITIONAL.customerLabel, 'customerLabel'],
  [ADDITIONAL.terminal, 'terminal'],
  [ADDITIONAL.purpose, 'purpose'],
];

/**
 * Encodes a VietQR payload (EMVCo MPM with NAPAS tag 38), or lists what is wrong with the input.
 * A code with an amount, and every QRCASH code (single use by its one-time reference), is
 * dynamic (`12`); any other is static (`11`). The largest possible payload is about 340
 * characters, well inside EMVCo's 512.
 *
 * @example encodeVietQr({ bankBin: '970415', accountNumber: '113366668888', service: 'QRIBFTTA', amount: '6000' })
 */
export function encodeVietQr(raw: VietQrInput): EncodeResult {
  const input = normalise(raw);
  const errors = checkInput(input);
  if (errors.length > 0) return { ok: false, errors };

  const additional = additionalData(input);
  if (additional.length > LIMIT.additionalTotal)
    return { ok: false, errors: [tooMuchAdditionalData(input, additional)] };

  const isCash = input.service === 'QRCASH';
  const mcc = isCash ? ATM_MCC : input.merchantCategoryCode;
  const beneficiary = tlv(NAPAS.bin, input.bankBin) + tlv(NAPAS.account, input.accountNumber);
  const napas = NAPAS_ID + tlv(NAPAS.beneficiary, beneficiary) + tlv(NAPAS.service, input.service);
  let body = PAYLOAD_FORMAT;
  body += input.amount !== undefined || isCash ? DYNAMIC_CODE : STATIC_CODE;
  body += tlv(TAG.napas, napas);
  if (mcc) body += tlv(TAG.merchantCategory, mcc);
  body += CURRENCY;
  if (input.amount !== undefined) body += tlv(TAG.amount, input.amount);
  body += COUNTRY;
  if (input.merchantName !== undefined) body += tlv(TAG.merchantName, stripDiacritics(input.merchantName));
  if (input.city !== undefined) body += tlv(TAG.city, stripDiacritics(input.city));
  if (additional.length > 0) body += tlv(TAG.additionalData, additional);
  body += `${alternateLanguage(input)}${TAG.crc}04`;
  return { ok: true, payload: body + crc16(body) };
}

/** NFC, so that a letter typed as base + combining marks counts as one character. */
function normalise(input: VietQrInput): VietQrInput {
  let out = input;
  for (const key in input) {
    const value = input[key as VietQrField];
    // ASCII is already NFC; only Vietnamese text needs the (costly) normalisation.
    if (typeof value === 'string' && !isAns(value)) {
      if (out === input) out = { ...input };
      out[key as VietQrField] = value.normalize('NFC');
    }
  }
  return out;
}

function additionalData(input: VietQrInput): string {
  let out = '';
  for (const [id, field] of ADDITIONAL_ORDER) {
    const value = input[field];
    if (value !== undefined) out += tlv(id, stripDiacritics(value));
  }
  return out;
}

/** Names the longest tag-62 field as the one to shorten. */
function tooMuchAdditionalData(input: VietQrInput, additional: string): FieldError {
  const present = ADDITIONAL_ORDER.map(([, field]) => field).filter((field) => input[field] !== undefined);
  const longest = present.reduce((a, b) => ((input[b]?.length ?? 0) > (input[a]?.length ?? 0) ? b : a));
  return {
    field: longest,
    problem: 'Invalid',
    message:
      `the additional data (tag 62: ${present.join(', ')}) takes ${additional.length} characters, ` +
      `over the ${LIMIT.additionalTotal} a VietQR allows; shorten this field or leave one out.`,
  };
}

/** Tag 64 keeps the merchant's name and city as written, when stripping diacritics changed them. */
function alternateLanguage(input: VietQrInput): string {
  const { merchantName: name, city } = input;
  if (name === undefined) return '';
  const changed = stripDiacritics(name) !== name || (city !== undefined && stripDiacritics(city) !== city);
  if (!changed) return '';
  return tlv(
    TAG.alternateLanguage,
    tlv(ALTERNATE.language, VIETNAMESE) +
      tlv(ALTERNATE.merchantName, name) +
      (city !== undefined ? tlv(ALTERNATE.city, city) : ''),
  );
}
