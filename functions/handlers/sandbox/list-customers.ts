import { BadRequestError } from '#http/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { mainTableName } from '#store/client.ts';
import { decodeListingCursor, listSandboxCustomers } from '#store/seed/customer-listing.ts';

const tableName = mainTableName();

/** Customers per page; `Links.Next` leads to the rest. */
const PAGE_SIZE = 50;

/**
 * GET /sandbox/customers (sandbox only): the seeded customers a developer can sign in as,
 * with their accounts and current balances, demo customers first.
 */
export const handler = apiHandler({ query: ['page'] }, async (request) => {
  const cursor = request.query.page;
  const after = cursor === undefined ? undefined : decodeListingCursor(cursor);
  if (cursor !== undefined && !after) {
    throw new BadRequestError(
      'UK.OBIE.Field.Invalid',
      "Query parameter 'page' is not a cursor this API issued; follow Links.Next, or omit it for the first page.",
      { path: 'page' },
    );
  }
  const page = await listSandboxCustomers({ limit: PAGE_SIZE, tableName, ...(after ? { after } : {}) });
  const next = page.next ? new URL(request.url.href) : undefined;
  next?.searchParams.set('page', page.next!);
  return {
    status: 200,
    body: {
      Data: page.customers.map((customer) => ({
        Username: customer.username,
        Name: customer.name,
        Accounts: customer.accounts.map((account) => ({
          AccountId: account.accountId,
          AccountNumber: account.accountNumber,
          BankBin: account.bankBin,
          Balance: String(account.balance),
        })),
      })),
      Links: { Self: request.url.href, ...(next ? { Next: next.href } : {}) },
      Meta: {},
    },
  };
});
