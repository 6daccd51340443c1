import { authorize } from '#auth/authorize.ts';
import { transactionAccess } from '#domain/account-access.ts';
import { encodeCursor, parseTransactionQuery } from '#domain/transaction-paging.ts';
import { ValidationError } from '#http/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { queryEntries } from '#store/ledger-entries.ts';
import { consentedAccount, requirePermission } from './consented-account.ts';
import { transactionView } from './views.ts';

/** GET /v1/aisp/accounts/{AccountId}/transactions: newest first, within the consent's window, paged. */
export const handler = apiHandler(
  {
    query: ['fromBookingDateTime', 'toBookingDateTime', 'pageSize', 'page'],
    use: [authorize({ scopes: ['accounts'], subject: 'customer' })],
  },
  async (request) => {
    const caller = request.caller!;
    const permissions = requirePermission(caller, 'ReadTransactionsBasic', 'ReadTransactionsDetail');
    const account = await consentedAccount(caller, request.params.AccountId!);
    const detail = caller.consent!.detail as {
      TransactionFromDateTime?: string;
      TransactionToDateTime?: string;
    };
    const { value: query, problems } = parseTransactionQuery(request.query, account.accountId, {
      ...(detail.TransactionFromDateTime ? { from: detail.TransactionFromDateTime } : {}),
      ...(detail.TransactionToDateTime ? { to: detail.TransactionToDateTime } : {}),
    });
    if (!query) throw new ValidationError(problems.list);
    const access = transactionAccess(permissions);
    const direction = access.credits && access.debits ? undefined : access.credits ? 'Credit' : 'Debit';
    const page = await queryEntries({
      accountId: account.accountId,
      from: query.from,
      to: query.to,
      pageSize: query.pageSize,
      ...(query.after ? { after: query.after } : {}),
      ...(direction ? { direction } : {}),
    });
    const links: { Self: string; Next?: string } = { Self: request.url.href };
    if (page.next) {
      const next = new URL(request.url);
      next.searchParams.set('page', encodeCursor(account.accountId, query, page.next));
      links.Next = next.href;
    }
    return {
      status: 200,
      body: {
        Data: { Transaction: page.entries.map((entry) => transactionView(entry, permissions)) },
        Links: links,
        Meta: { FirstAvailableDateTime: query.from, LastAvailableDateTime: query.to },
      },
    };
  },
);
