import { parseBillFilter } from '#domain/bills/requests.ts';
import { valueOrThrow } from '#domain/errors.ts';
import { apiHandler } from '#http/api-handler.ts';
import { pageSizeOf } from '#http/page-size.ts';
import { respond } from '#http/respond.ts';
import { DEFAULT_BILLS_PAGE, listBills } from '#use-cases/bills/list-bills.ts';
import { billView } from './views.ts';

/** GET /v1/bills?status=&category=&from=&to=&pageSize=&page=: the partner's bills, oldest first, paged. */
export const handler = apiHandler(async (request) => {
  const filter = valueOrThrow(parseBillFilter(request.query));
  const pageSize = pageSizeOf(request.query.pageSize, 100, DEFAULT_BILLS_PAGE);
  const now = new Date();
  const page = await listBills(request.caller!.clientId, filter, {
    now,
    pageSize,
    ...(request.query.page ? { cursor: request.query.page } : {}),
  });
  let next: string | undefined;
  if (page.next) {
    const url = new URL(request.url);
    url.searchParams.set('page', page.next);
    next = url.href;
  }
  // The list shows each bill without its code and refunds: GET one bill for those.
  const bills = await Promise.all(page.bills.map((bill) => billView(bill, undefined, now, { qr: false })));
  return respond(request, 'BillsResponse', {
    data: { Bill: bills },
    next,
  });
});
