import { MAX_VND, parseVnd } from '../money.ts';
import { dataOf, isObject, Problems } from '../validation.ts';
import {
  BILL_CATEGORIES,
  BILL_ID,
  BILL_STATUSES,
  type BillCategory,
  type BillStatus,
  PAYER_ID_SCHEMES,
  type PayerIdScheme,
} from './bill.ts';
import { daysBetween, FINE_CATEGORIES, LATE_PAYMENT_RULES, type LatePaymentRule } from './late-fee.ts';

/** ISO 20022 Max35Text: what a dossier code, fine number, student id or invoice number fits in. */
export const MAX_REFERENCE = 35;
const MAX_PAYER_NAME = 70;
const MAX_DESCRIPTION = 140;
const MAX_REASON = 140;
/** How far ahead a bill may fall due. */
const MAX_DAYS_AHEAD = 366 * 2;
/** Control characters (C0, DEL, C1) and the line and paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PAYER_ID: Record<PayerIdScheme, { pattern: RegExp; hint: string }> = {
  'VN.CCCD': { pattern: /^\d{12}$/, hint: 'the 12 digits of the citizen identity card' },
  'VN.TaxCode': { pattern: /^\d{10}(-\d{3})?$/, hint: '10 digits, or 10 digits, "-" and 3 digits' },
  'VN.StudentId': { pattern: /^[A-Za-z0-9-]{1,20}$/, hint: '1–20 letters, digits or hyphens' },
};

export interface NewBillRequest {
  category: BillCategory;
  reference: string;
  payerName: string;
  payerId?: { schemeName: PayerIdScheme; identification: string };
  amount: number;
  dueDate: string;
  payableUntil: string;
  description: string;
  latePaymentRule?: LatePaymentRule;
}

export interface RefundRequest {
  refundId: string;
  amount: number;
  reason: string;
}

export interface BillFilter {
  status?: BillStatus;
  category?: BillCategory;
  /** Creation time window, inclusive, from Vietnam calendar days. */
  from?: string;
  to?: string;
}

type Parsed<T> = { value?: T; problems: Problems };

const CREATE_FIELDS = [
  'Category',
  'Reference',
  'PayerName',
  'PayerId',
  'Amount',
  'DueDate',
  'PayableUntil',
  'Description',
  'LatePaymentRule',
] as const;

/**
 * The largest fine that may carry the late-payment rule: payable at most 1,464 days after issue,
 * at 0.05 % a day it can grow by 73.2 %; half the largest amount leaves room for that, so the fee
 * is never cut off at the amount's limit.
 */
const MAX_FINE_WITH_LATE_FEE = Math.floor(MAX_VND / 2);

/** Invisible format characters (zero-width spaces, direction overrides): text that reads as other text. */
const FORMAT = /\p{Cf}/u;

/**
 * Free text: a non-blank string of at most `max` characters without control or invisible format
 * characters, kept in NFC without leading or trailing spaces (so `" R-1"` is the bill `"R-1"`).
 */
function freeText(
  value: unknown,
  path: string,
  max: number,
  code: Parameters<Problems['add']>[2],
  problems: Problems,
  hint: string,
): string | undefined {
  if (value === undefined) {
    problems.missing(path, `${path} is required: ${hint}.`);
    return undefined;
  }
  if (typeof value !== 'string' || value.trim().length === 0) {
    problems.add(path, `${path} must be a non-empty string: ${hint}.`, code);
    return undefined;
  }
  const text = value.normalize('NFC').trim();
  if ([...text].length > max) {
    problems.add(path, `${path} has ${[...text].length} characters; at most ${max}.`, code);
    return undefined;
  }
  if (CONTROL.test(text)) {
    problems.add(path, `${path} must not contain control characters (tabs, line breaks…).`, code);
    return undefined;
  }
  if (FORMAT.test(text)) {
    problems.add(
      path,
      `${path} must not contain invisible characters (zero-width spaces, direction marks).`,
      code,
    );
    return undefined;
  }
  return text;
}

function calendarDate(
  value: unknown,
  path: string,
  code: Parameters<Problems['add']>[2],
  problems: Problems,
) {
  if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    problems.add(path, `${path} must be a calendar date YYYY-MM-DD (Vietnam time), e.g. "2026-12-31".`, code);
    return undefined;
  }
  if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    problems.add(path, `${path} ${value} is not a day of the calendar.`, code);
    return undefined;
  }
  return value;
}

/**
 * `POST /v1/bills`: every field checked, every problem reported at once, each naming its field
 * in its code. `today` is the Vietnam calendar day of the request (a due date before it is refused).
 */
export function parseNewBill(body: unknown, today: string): Parsed<NewBillRequest> {
  const problems = new Problems();
  const data = dataOf(body, CREATE_FIELDS, problems);
  if (!data) return { problems };

  let category: BillCategory | undefined;
  if (data.Category === undefined)
    problems.missing('Data.Category', `Data.Category is required: one of ${BILL_CATEGORIES.join(', ')}.`);
  else if (!BILL_CATEGORIES.includes(data.Category as BillCategory)) {
    problems.add(
      'Data.Category',
      `Data.Category must be one of ${BILL_CATEGORIES.join(', ')}.`,
      'VN.OB.Bills.InvalidCategory',
    );
  } else category = data.Category as BillCategory;

  const reference = freeText(
    data.Reference,
    'Data.Reference',
    MAX_REFERENCE,
    'VN.OB.Bills.InvalidReference',
    problems,
    'your own id of the bill (dossier code, fine number, student id or invoice number)',
  );
  // A payment's remittance reference names a bill by its BillId or by its Reference: a Reference
  // shaped like a BillId would be read as one, and could name another bill.
  if (reference !== undefined && BILL_ID.test(reference)) {
    problems.add(
      'Data.Reference',
      'Data.Reference must not have the form of a BillId (bill_ and 20 letters or digits): use your own id.',
      'VN.OB.Bills.InvalidReference',
    );
  }
  const payerName = freeText(
    data.PayerName,
    'Data.PayerName',
    MAX_PAYER_NAME,
    'VN.OB.Bills.InvalidPayerName',
    problems,
    "the payer's full name",
  );
  if (payerName !== undefined && !/^\p{L}/u.test(payerName)) {
    problems.add(
      'Data.PayerName',
      "Data.PayerName must be the payer's name, starting with a letter.",
      'VN.OB.Bills.InvalidPayerName',
    );
  }
  const description = freeText(
    data.Description,
    'Data.Description',
    MAX_DESCRIPTION,
    'VN.OB.Bills.InvalidDescription',
    problems,
    'what the bill is for, in Vietnamese',
  );

  let payerId: NewBillRequest['payerId'];
  if (data.PayerId !== undefined) {
    const raw = data.PayerId;
    const scheme = isObject(raw) ? (raw.SchemeName as PayerIdScheme) : undefined;
    if (!isObject(raw) || !scheme || !PAYER_ID_SCHEMES.includes(scheme)) {
      problems.add(
        'Data.PayerId',
        `Data.PayerId must be { "SchemeName": ${PAYER_ID_SCHEMES.join(' | ')}, "Identification" }.`,
        'VN.OB.Bills.InvalidPayerId',
      );
    } else if (typeof raw.Identification !== 'string' || !PAYER_ID[scheme].pattern.test(raw.Identification)) {
      problems.add(
        'Data.PayerId.Identification',
        `Data.PayerId.Identification for ${scheme} must be ${PAYER_ID[scheme].hint}.`,
        'VN.OB.Bills.InvalidPayerId',
      );
    } else payerId = { schemeName: scheme, identification: raw.Identification };
  }

  let amount: number | undefined;
  if (data.Amount === undefined)
    problems.missing(
      'Data.Amount',
      'Data.Amount is required: whole VND as a string of digits, e.g. "150000".',
    );
  else {
    const parsed = parseVnd(data.Amount);
    if (parsed.ok) amount = parsed.value;
    else problems.add('Data.Amount', `Data.Amount: ${parsed.message}`, 'VN.OB.Bills.InvalidAmount');
  }

  let dueDate: string | undefined;
  if (data.DueDate === undefined)
    problems.missing('Data.DueDate', 'Data.DueDate is required: YYYY-MM-DD, Vietnam time.');
  else {
    dueDate = calendarDate(data.DueDate, 'Data.DueDate', 'VN.OB.Bills.InvalidDueDate', problems);
    if (dueDate && daysBetween(today, dueDate) < 0) {
      problems.add(
        'Data.DueDate',
        `Data.DueDate ${dueDate} is in the past (today is ${today} in Vietnam).`,
        'VN.OB.Bills.InvalidDueDate',
      );
      dueDate = undefined;
    } else if (dueDate && daysBetween(today, dueDate) > MAX_DAYS_AHEAD) {
      problems.add(
        'Data.DueDate',
        `Data.DueDate must be within ${MAX_DAYS_AHEAD} days of today.`,
        'VN.OB.Bills.InvalidDueDate',
      );
      dueDate = undefined;
    }
  }
  let payableUntil: string | undefined;
  if (data.PayableUntil !== undefined) {
    payableUntil = calendarDate(
      data.PayableUntil,
      'Data.PayableUntil',
      'VN.OB.Bills.InvalidPayableUntil',
      problems,
    );
    if (payableUntil && dueDate && daysBetween(dueDate, payableUntil) < 0) {
      problems.add(
        'Data.PayableUntil',
        `Data.PayableUntil ${payableUntil} is before Data.DueDate ${dueDate}.`,
        'VN.OB.Bills.InvalidPayableUntil',
      );
      payableUntil = undefined;
    } else if (payableUntil && daysBetween(today, payableUntil) > MAX_DAYS_AHEAD * 2) {
      problems.add(
        'Data.PayableUntil',
        `Data.PayableUntil must be within ${MAX_DAYS_AHEAD * 2} days of today.`,
        'VN.OB.Bills.InvalidPayableUntil',
      );
      payableUntil = undefined;
    }
  }

  let latePaymentRule: LatePaymentRule | undefined;
  if (data.LatePaymentRule !== undefined) {
    if (!LATE_PAYMENT_RULES.includes(data.LatePaymentRule as LatePaymentRule)) {
      problems.add(
        'Data.LatePaymentRule',
        `Data.LatePaymentRule must be ${LATE_PAYMENT_RULES.join(' or ')} (0.05 % of the fine per day late).`,
        'VN.OB.Bills.InvalidLatePaymentRule',
      );
    } else if (category && !FINE_CATEGORIES.includes(category)) {
      problems.add(
        'Data.LatePaymentRule',
        `Data.LatePaymentRule applies to fines only (${FINE_CATEGORIES.join(', ')}).`,
        'VN.OB.Bills.InvalidLatePaymentRule',
      );
    } else if (amount !== undefined && amount > MAX_FINE_WITH_LATE_FEE) {
      problems.add(
        'Data.Amount',
        `A fine with a late-payment rule is at most ${MAX_FINE_WITH_LATE_FEE} VND, so that what it can grow to still fits in an amount.`,
        'VN.OB.Bills.InvalidAmount',
      );
    } else latePaymentRule = data.LatePaymentRule as LatePaymentRule;
  }

  if (!problems.empty) return { problems };
  return {
    value: {
      category: category!,
      reference: reference!,
      payerName: payerName!,
      ...(payerId ? { payerId } : {}),
      amount: amount!,
      dueDate: dueDate!,
      payableUntil: payableUntil ?? dueDate!,
      description: description!,
      ...(latePaymentRule ? { latePaymentRule } : {}),
    },
    problems,
  };
}

/** The partner's own refund id: printable ASCII, as an idempotency key. */
const REFUND_ID = /^[\x21-\x7e]{1,40}$/;

/** `POST /v1/bills/{BillId}/refunds`: the partner's refund id, the amount and why. */
export function parseRefundRequest(body: unknown): Parsed<RefundRequest> {
  const problems = new Problems();
  const data = dataOf(body, ['RefundId', 'Amount', 'Reason'], problems);
  if (!data) return { problems };
  let refundId: string | undefined;
  if (data.RefundId === undefined)
    problems.missing(
      'Data.RefundId',
      'Data.RefundId is required: your own id of this refund (1–40 printable characters).',
    );
  else if (typeof data.RefundId !== 'string' || !REFUND_ID.test(data.RefundId)) {
    problems.add(
      'Data.RefundId',
      'Data.RefundId must be 1–40 printable ASCII characters without spaces.',
      'VN.OB.Bills.InvalidRefundId',
    );
  } else if (data.RefundId.startsWith('auto-')) {
    problems.add(
      'Data.RefundId',
      'Data.RefundId must not start with "auto-" (automatic refunds use it).',
      'VN.OB.Bills.InvalidRefundId',
    );
  } else refundId = data.RefundId;
  let amount: number | undefined;
  if (data.Amount === undefined)
    problems.missing('Data.Amount', 'Data.Amount is required: whole VND as a string of digits.');
  else {
    const parsed = parseVnd(data.Amount);
    if (parsed.ok) amount = parsed.value;
    else problems.add('Data.Amount', `Data.Amount: ${parsed.message}`, 'VN.OB.Bills.InvalidAmount');
  }
  const reason = freeText(
    data.Reason,
    'Data.Reason',
    MAX_REASON,
    'VN.OB.Bills.InvalidReason',
    problems,
    'why the money goes back',
  );
  if (!problems.empty) return { problems };
  return { value: { refundId: refundId!, amount: amount!, reason: reason! }, problems };
}

/** `GET /v1/bills?status=&category=&from=&to=`: each filter optional, `from`/`to` Vietnam days. */
export function parseBillFilter(query: Record<string, string>): Parsed<BillFilter> {
  const problems = new Problems();
  const filter: BillFilter = {};
  if (query.status !== undefined) {
    if (BILL_STATUSES.includes(query.status as BillStatus)) filter.status = query.status as BillStatus;
    else
      problems.add(
        'status',
        `status must be one of ${BILL_STATUSES.join(', ')}.`,
        'VN.OB.Bills.InvalidFilter',
      );
  }
  if (query.category !== undefined) {
    if (BILL_CATEGORIES.includes(query.category as BillCategory))
      filter.category = query.category as BillCategory;
    else
      problems.add(
        'category',
        `category must be one of ${BILL_CATEGORIES.join(', ')}.`,
        'VN.OB.Bills.InvalidFilter',
      );
  }
  for (const name of ['from', 'to'] as const) {
    if (query[name] === undefined) continue;
    const day = calendarDate(query[name], name, 'VN.OB.Bills.InvalidFilter', problems);
    if (day) filter[name] = day;
  }
  if (filter.from && filter.to && daysBetween(filter.from, filter.to) < 0) {
    problems.add('to', 'to must not be before from.', 'VN.OB.Bills.InvalidFilter');
  }
  return problems.empty ? { value: filter, problems } : { problems };
}
