import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { listTransactions } from '#use-cases/accounts/list-transactions.ts';
import { transactionView } from './views.ts';

/** GET /v1/aisp/accounts/{AccountId}/transactions: newest first, within the consent's window, paged. */
export const handler = apiHandler(async (request) => {
  const page = await listTransactions(request.caller!, request.params.AccountId ?? '', request.query);
  let next: string | undefined;
  if (page.nextPage) {
    const url = new URL(request.url);
    url.searchParams.set('page', page.nextPage);
    next = url.href;
  }
  return respond(request, 'TransactionsResponse', {
    data: { Transaction: page.entries.map((entry) => transactionView(entry, page.permissions)) },
    meta: {
      ...(page.from ? { FirstAvailableDateTime: page.from } : {}),
      ...(page.to ? { LastAvailableDateTime: page.to } : {}),
    },
    next,
  });
});
