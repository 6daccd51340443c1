import { Problems, parseDateTime } from './validation.ts';

const DEFAULT_PAGE_SIZE = 100;
const MIN_PAGE_SIZE = 25;
const MAX_PAGE_SIZE = 1000;

/** The earliest and latest booking times a window can name. */
const BEGINNING = '1970-01-01T00:00:00.000Z';
const END = '9999-12-31T23:59:59.999Z';

export interface TransactionQuery {
  from: string;
  to: string;
  pageSize: number;
  /** Sort key to continue after. */
  after?: string;
  /** The asked dates do not overlap the consent's window: nothing to list (and nothing to query). */
  empty?: true;
}

/** Whether a listed bound is a real date, not the open end of a window without one. */
export function isOpenBound(iso: string): boolean {
  return iso === BEGINNING || iso === END;
}

interface Cursor {
  v: 1;
  a: string;
  f: string;
  t: string;
  k: string;
  s: number;
}

const SORT_KEY = /^TX#\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[A-Za-z0-9_-]{1,64}$/;

/** The opaque `page` token of `Links.Next`: where to continue, tied to the account and window. */
export function encodeCursor(accountId: string, query: TransactionQuery, after: string): string {
  const cursor: Cursor = { v: 1, a: accountId, f: query.from, t: query.to, k: after, s: query.pageSize };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * Reads the transaction listing's query against the consent's window: `fromBookingDateTime`,
 * `toBookingDateTime` (RFC 3339; the listing is their overlap with the consent's window),
 * `pageSize` (25–1000) and the opaque `page` cursor (must belong to this account and window).
 */
export function parseTransactionQuery(
  query: Record<string, string>,
  accountId: string,
  consentWindow: { from?: string; to?: string },
): { value?: TransactionQuery; problems: Problems } {
  const problems = new Problems();
  const windowFrom = consentWindow.from ?? BEGINNING;
  const windowTo = consentWindow.to ?? END;
  const bound = (name: 'fromBookingDateTime' | 'toBookingDateTime', fallback: string): string | undefined => {
    const raw = query[name];
    if (raw === undefined) return fallback;
    const date = parseDateTime(raw);
    if (!date) {
      problems.add(
        name,
        `${name} must be an RFC 3339 date-time with offset, e.g. 2026-01-31T00:00:00+07:00.`,
        'UK.OBIE.Field.InvalidDate',
      );
      return undefined;
    }
    // A `to` in whole seconds covers its last second: bookings carry milliseconds, and
    // `…T23:59:59+07:00` is how a day's end is written.
    const wholeSecondEnd = name === 'toBookingDateTime' && !raw.includes('.');
    return new Date(date.getTime() + (wholeSecondEnd ? 999 : 0)).toISOString();
  };
  const askedFrom = bound('fromBookingDateTime', windowFrom);
  const askedTo = bound('toBookingDateTime', windowTo);
  const bothAsked = query.fromBookingDateTime !== undefined && query.toBookingDateTime !== undefined;
  if (bothAsked && askedFrom && askedTo && askedFrom > askedTo) {
    problems.add(
      'fromBookingDateTime',
      'fromBookingDateTime must not be after toBookingDateTime.',
      'UK.OBIE.Field.InvalidDate',
    );
  }
  // Dates outside the consent's window are valid input (as OBIE's filtering rules have it): the
  // listing is their overlap with the window, empty when they do not overlap.
  const from = askedFrom && (askedFrom < windowFrom ? windowFrom : askedFrom);
  const to = askedTo && (askedTo > windowTo ? windowTo : askedTo);
  let pageSize = DEFAULT_PAGE_SIZE;
  if (query.pageSize !== undefined) {
    pageSize = /^\d{1,4}$/.test(query.pageSize) ? Number(query.pageSize) : Number.NaN;
    if (!(pageSize >= MIN_PAGE_SIZE && pageSize <= MAX_PAGE_SIZE)) {
      problems.add('pageSize', `pageSize must be a whole number from ${MIN_PAGE_SIZE} to ${MAX_PAGE_SIZE}.`);
    }
  }
  let after: string | undefined;
  if (query.page !== undefined) {
    const cursor = decodeCursor(query.page);
    if (!cursor || cursor.a !== accountId) {
      problems.add(
        'page',
        'page is not a cursor this API issued for this account; follow Links.Next as given.',
        'VN.OB.Paging.InvalidCursor',
      );
    } else if (
      cursor.f !== from ||
      cursor.t !== to ||
      (query.pageSize !== undefined && cursor.s !== pageSize)
    ) {
      problems.add(
        'page',
        'page belongs to another query; keep the other parameters as in Links.Next.',
        'VN.OB.Paging.StaleCursor',
      );
    } else {
      after = cursor.k;
      pageSize = cursor.s;
    }
  }
  if (!problems.empty || !from || !to) return { problems };
  return {
    problems,
    value: { from, to, pageSize, ...(after ? { after } : {}), ...(from > to ? { empty: true } : {}) },
  };
}

function decodeCursor(token: string): Cursor | undefined {
  if (token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token)) return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Cursor;
    const valid =
      cursor.v === 1 &&
      typeof cursor.a === 'string' &&
      typeof cursor.f === 'string' &&
      typeof cursor.t === 'string' &&
      typeof cursor.s === 'number' &&
      cursor.s >= MIN_PAGE_SIZE &&
      cursor.s <= MAX_PAGE_SIZE &&
      typeof cursor.k === 'string' &&
      SORT_KEY.test(cursor.k) &&
      cursor.k.slice(3, 27) >= cursor.f &&
      cursor.k.slice(3, 27) <= cursor.t;
    return valid ? cursor : undefined;
  } catch {
    return undefined;
  }
}
