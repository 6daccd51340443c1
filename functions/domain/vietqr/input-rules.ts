import { bankByBin } from '../banks.ts';
import { parseVnd } from '../money.ts';
import { codePointLength, describeChar, firstNonAns, firstNonVietnamese } from './charset.ts';
import { ATM_MCC, LIMIT, SERVICES } from './spec.ts';

/**
 * What a caller asks to encode. Text fields may be written in Vietnamese; the encoder writes
 * them without diacritics in the EMV fields and keeps the merchant's name and city as written
 * in tag 64.
 */
export interface VietQrInput {
  /** Six-digit NAPAS BIN of the beneficiary's bank, from the BIN directory. */
  bankBin: string;
  /** Account number (QRIBFTTA), card number (QRIBFTTC), merchant id (QRPUSH) or ATM id (QRCASH). */
  accountNumber: string;
  service: string;
  /** Whole VND as a string of digits; makes the code dynamic. */
  amount?: string;
  purpose?: string;
  billNumber?: string;
  /** 62/05; mandatory for QRCASH, where it is the withdrawal's one-time reference. */
  reference?: string;
  /** 62/07; mandatory for QRCASH (the ATM or post-office terminal). */
  terminal?: string;
  mobileNumber?: string;
  storeLabel?: string;
  customerLabel?: string;
  merchantName?: string;
  city?: string;
  /** ISO 18245 merchant category; QRCASH always carries 6011. */
  merchantCategoryCode?: string;
}

export type VietQrField = keyof VietQrInput;

/** One thing wrong with the input, naming the field so the HTTP layer can point at it. */
export interface FieldError {
  field: VietQrField;
  problem: 'Missing' | 'Invalid';
  message: string;
}

/** Free text that may be Vietnamese: diacritics are stripped in the EMV fields. */
const TEXT_LIMITS = {
  purpose: LIMIT.additionalField,
  storeLabel: LIMIT.additionalField,
  merchantName: LIMIT.merchantName,
  city: LIMIT.city,
} as const;

/** Identifiers: written as given, so they must already be printable ASCII. */
const ID_FIELDS = ['billNumber', 'reference', 'terminal', 'mobileNumber', 'customerLabel'] as const;

class InputErrors {
  readonly list: FieldError[] = [];

  invalid(field: VietQrField, message: string): void {
    this.list.push({ field, problem: 'Invalid', message });
  }

  missing(field: VietQrField, message: string): void {
    this.list.push({ field, problem: 'Missing', message });
  }
}

/** Checks the input (already NFC-normalised), listing every problem at once. */
export function checkInput(input: VietQrInput): FieldError[] {
  const errors = new InputErrors();

  if (!input.bankBin)
    errors.missing('bankBin', "is required: the beneficiary bank's six-digit NAPAS BIN, e.g. 970415.");
  else if (!/^[0-9]{6}$/.test(input.bankBin)) {
    errors.invalid(
      'bankBin',
      `must be six digits (the bank's NAPAS BIN, e.g. 970415); got ${input.bankBin.length} characters.`,
    );
  } else if (!bankByBin(input.bankBin)) {
    errors.invalid('bankBin', `${input.bankBin} is not a bank in the BIN directory; see GET /v1/banks.`);
  }

  const service = input.service;
  if (!service) errors.missing('service', `is required: one of ${SERVICES.join(', ')}.`);
  else if (!(SERVICES as readonly string[]).includes(service)) {
    errors.invalid('service', `must be one of ${SERVICES.join(', ')}; got "${service}".`);
  }

  checkAccount(input, errors);

  if (input.amount !== undefined) {
    const amount = parseVnd(input.amount);
    if (!amount.ok) errors.invalid('amount', amount.message);
  }
  if (input.merchantCategoryCode !== undefined && !/^[0-9]{4}$/.test(input.merchantCategoryCode)) {
    errors.invalid('merchantCategoryCode', 'must be four digits (ISO 18245), e.g. 5812.');
  } else if (service === 'QRCASH' && input.merchantCategoryCode && input.merchantCategoryCode !== ATM_MCC) {
    errors.invalid(
      'merchantCategoryCode',
      `a QRCASH code always carries ${ATM_MCC} (ATM cash); leave it out.`,
    );
  }

  for (const [field, max] of Object.entries(TEXT_LIMITS) as [keyof typeof TEXT_LIMITS, number][]) {
    const value = input[field];
    if (value === undefined) continue;
    const bad = firstNonVietnamese(value);
    if (value.length === 0) errors.invalid(field, 'is empty; leave the field out instead.');
    else if (bad !== undefined) {
      errors.invalid(
        field,
        `contains ${describeChar(bad)}: a VietQR carries printable ASCII and Vietnamese letters only.`,
      );
    } else if (codePointLength(value) > max) {
      errors.invalid(field, `has ${codePointLength(value)} characters; at most ${max} fit in a VietQR.`);
    }
  }
  for (const field of ID_FIELDS) {
    const value = input[field];
    if (value === undefined) continue;
    const bad = firstNonAns(value);
    if (value.length === 0) errors.invalid(field, 'is empty; leave the field out instead.');
    else if (bad !== undefined) {
      errors.invalid(
        field,
        `contains ${describeChar(bad)}: identifiers are written as given, in printable ASCII only.`,
      );
    } else if (value.length > LIMIT.additionalField) {
      errors.invalid(
        field,
        `has ${value.length} characters; at most ${LIMIT.additionalField} fit in a VietQR.`,
      );
    }
  }

  if (service === 'QRCASH') {
    if (input.reference === undefined)
      errors.missing('reference', "is required for QRCASH: the withdrawal's one-time reference.");
    if (input.terminal === undefined)
      errors.missing('terminal', 'is required for QRCASH: the ATM or terminal id.');
  }
  if (service === 'QRPUSH' && input.merchantName === undefined) {
    errors.missing('merchantName', 'is required for QRPUSH: the merchant name shown to the payer.');
  } else if (input.city !== undefined && input.merchantName === undefined) {
    errors.missing(
      'merchantName',
      'is required when a city is given: EMVCo writes a city only with a merchant name.',
    );
  }
  return errors.list;
}

function checkAccount(input: VietQrInput, errors: InputErrors): void {
  const account = input.accountNumber;
  if (!account) {
    errors.missing('accountNumber', 'is required: the account, card, merchant or ATM number to credit.');
  } else if (input.service === 'QRIBFTTC') {
    if (!/^[0-9]{8,19}$/.test(account))
      errors.invalid('accountNumber', 'must be a card number of 8-19 digits for QRIBFTTC.');
  } else if (!/^[A-Za-z0-9]+$/.test(account)) {
    errors.invalid('accountNumber', 'may contain letters and digits only (no spaces or separators).');
  } else if (account.length > LIMIT.account) {
    errors.invalid(
      'accountNumber',
      `has ${account.length} characters; at most ${LIMIT.account} fit in a VietQR.`,
    );
  }
}
