import { type Bill, effectiveStatus, endOfVietnamDay, startOfVietnamDay } from '#domain/bills/bill.ts';
import type { BillFilter } from '#domain/bills/requests.ts';
import { invalid } from '#domain/errors.ts';
import { listBillsOfClient } from '#store/bills/bills.ts';

/** Bills per page, unless asked otherwise (1–100). */
export const DEFAULT_BILLS_PAGE = 25;
const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#bill_[A-Z2-9]{20}$/;

export interface BillListPage {
  bills: Bill[];
  /** Opaque cursor of the next page, when there may be one. */
  next?: string;
}

/**
 * A partner's bills, oldest first, filtered by status (as of `now`: an unpaid bill past its
 * last payable day counts as `Expired`), category and creation day (Vietnam time). A page may
 * hold fewer bills than asked when the filters leave some out; `next` continues after it.
 */
export async function listBills(
  clientId: string,
  filter: BillFilter,
  options: { pageSize?: number; cursor?: string; now?: Date } = {},
): Promise<BillListPage> {
  const now = options.now ?? new Date();
  const after = options.cursor ? decodeCursor(options.cursor) : undefined;
  const fromIso = filter.from ? startOfVietnamDay(filter.from).toISOString() : '0';
  // '$' sorts after '#': every bill created before the end of `to` is below it.
  const toIso = filter.to ? `${new Date(endOfVietnamDay(filter.to).getTime() - 1).toISOString()}$` : '9';
  // A cursor continues the window it came from; DynamoDB refuses a start outside the query's range.
  if (after && (after < fromIso || after > toIso)) {
    throw invalid(
      'VN.OB.Paging.StaleCursor',
      'The page cursor continues a list with other from and to days; keep them as in Links.Next, or start without page.',
      { path: 'page' },
    );
  }
  const page = await listBillsOfClient(clientId, {
    fromIso,
    toIso,
    limit: options.pageSize ?? DEFAULT_BILLS_PAGE,
    ...(after ? { after } : {}),
  });
  const bills = page.bills.filter(
    (bill) =>
      (!filter.status || effectiveStatus(bill, now) === filter.status) &&
      (!filter.category || bill.category === filter.category),
  );
  return { bills, ...(page.last ? { next: Buffer.from(page.last).toString('base64url') } : {}) };
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!CURSOR.test(decoded)) {
    throw invalid(
      'VN.OB.Paging.InvalidCursor',
      'The page cursor is not one this list returned; start without one.',
      {
        path: 'page',
      },
    );
  }
  return decoded;
}
