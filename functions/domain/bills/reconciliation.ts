/**
 * Reconciliation of a city partner's business day (`GET /v1/reconciliation/{YYYY-MM-DD}`): every
 * movement of its collection account that day, each naming the bill and the ledger posting, and
 * totals that are the account's own movements summed over its shards. The day is Vietnam's
 * calendar day (UTC+07:00, no daylight saving), the same day `bookingDayOf` gives a posting.
 */
import { Problems } from '../validation.ts';

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A payment into the collection account, or a refund out of it. */
type MovementKind = 'Payment' | 'Refund';

/** One movement of the collection account, as the report lists it. */
export interface ReconciliationItem {
  /** The bill the movement paid or refunded (absent for money that named no bill of this partner). */
  BillId?: string;
  /** The partner's own reference of the bill. */
  Reference?: string;
  Type: MovementKind;
  /** Whole VND. */
  Amount: number;
  /** The ledger posting that moved the money. */
  LedgerReference: string;
  /** When it was booked (RFC 3339, Vietnam time). */
  BookedAt: string;
  /** The bill's payer; for money naming no bill, the account holder the ledger names. */
  PayerName?: string;
}

interface ReconciliationTotals {
  Paid: number;
  Refunded: number;
  Net: number;
}

export interface ReconciliationReport {
  Date: string;
  /** The day has not ended in Vietnam yet: more movements may come. */
  Provisional: boolean;
  Items: ReconciliationItem[];
  Totals: ReconciliationTotals;
}

/** The instants a Vietnam business day spans: `[from, to)` in UTC. */
export function businessDayWindow(day: string): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${day}T00:00:00Z`) - VIETNAM_OFFSET_MS);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

/** Vietnam's calendar day at `now`. */
export function vietnamDay(now: Date): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** An instant as RFC 3339 in Vietnam time (`2026-12-02T20:15:00.000+07:00`). */
export function inVietnamTime(at: string | Date): string {
  const time = typeof at === 'string' ? Date.parse(at) : at.getTime();
  return `${new Date(time + VIETNAM_OFFSET_MS).toISOString().slice(0, -1)}+07:00`;
}

/**
 * The path's date, checked: a real calendar day `YYYY-MM-DD`, not after today in Vietnam.
 * `problems` name the path parameter `Date`.
 */
export function parseReconciliationDate(value: unknown, now: Date): { value?: string; problems: Problems } {
  const problems = new Problems();
  const text = typeof value === 'string' ? value : '';
  const valid =
    DATE.test(text) &&
    !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
    new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;
  if (!valid) {
    problems.add(
      'Date',
      `The date must be a calendar day YYYY-MM-DD in Vietnam time, e.g. "${vietnamDay(now)}"; got "${text}".`,
      'VN.OB.Reconciliation.InvalidDate',
    );
    return { problems };
  }
  const today = vietnamDay(now);
  if (text > today) {
    problems.add(
      'Date',
      `${text} has not begun in Vietnam (today is ${today}): ask for today or an earlier day.`,
      'VN.OB.Reconciliation.FutureDate',
    );
    return { problems };
  }
  return { value: text, problems };
}

/** The totals of these movements: what came in, what went back, and the difference. */
function totalsOf(items: readonly ReconciliationItem[]): ReconciliationTotals {
  let paid = 0;
  let refunded = 0;
  for (const item of items) {
    if (item.Type === 'Payment') paid += item.Amount;
    else refunded += item.Amount;
  }
  return { Paid: paid, Refunded: refunded, Net: paid - refunded };
}

/** The report of a day: movements in booking order, totals, and whether the day is still open. */
export function reconciliationReport(
  day: string,
  items: ReconciliationItem[],
  now: Date,
): ReconciliationReport {
  const sorted = [...items].sort(
    (a, b) => a.BookedAt.localeCompare(b.BookedAt) || a.LedgerReference.localeCompare(b.LedgerReference),
  );
  return {
    Date: day,
    Provisional: now.getTime() < businessDayWindow(day).to.getTime(),
    Items: sorted,
    Totals: totalsOf(sorted),
  };
}

const CSV_COLUMNS = [
  'BookedAt',
  'Type',
  'BillId',
  'Reference',
  'PayerName',
  'Amount',
  'LedgerReference',
] as const;

/**
 * The report as CSV for spreadsheets: UTF-8 with a byte-order mark (Excel then reads Vietnamese
 * names correctly), CRLF lines, RFC 4180 quoting, one row per movement, then the totals. Text that
 * a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'` (OWASP's
 * CSV-injection rule): a payer's name is the citizen's, not ours.
 */
export function reconciliationCsv(report: ReconciliationReport): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const item of report.Items) {
    rows.push(
      CSV_COLUMNS.map((column) => {
        const value = item[column];
        return typeof value === 'number' ? String(value) : cell(value ?? '');
      }),
    );
  }
  rows.push([]);
  rows.push(['Date', report.Date]);
  rows.push(['Provisional', String(report.Provisional)]);
  rows.push(['Paid', String(report.Totals.Paid)]);
  rows.push(['Refunded', String(report.Totals.Refunded)]);
  rows.push(['Net', String(report.Totals.Net)]);
  return `\uFEFF${rows.map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

function cell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
