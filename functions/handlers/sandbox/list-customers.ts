import { publicHandler } from '#http/public-handler.ts';
import { respond } from '#http/respond.ts';
import { listSandboxCustomers } from '#use-cases/sandbox/list-sandbox-customers.ts';

/**
 * GET /sandbox/customers (sandbox only): the seeded customers a developer can sign in as,
 * with their accounts and current balances, demo customers first.
 */
export const handler = publicHandler(async (request) => {
  const page = await listSandboxCustomers(request.query.page);
  const next = page.next ? new URL(request.url.href) : undefined;
  next?.searchParams.set('page', page.next!);
  return respond(request, 'SandboxCustomersResponse', {
    data: page.customers.map((customer) => ({
      Username: customer.username,
      Name: customer.name,
      Accounts: customer.accounts.map((account) => ({
        AccountId: account.accountId,
        AccountNumber: account.accountNumber,
        BankBin: account.bankBin,
        Balance: String(account.balance),
      })),
    })),
    ...(next ? { next: next.href } : {}),
  });
});
