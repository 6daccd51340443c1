import { invalid } from '#domain/errors.ts';
import {
  decodeListingCursor,
  listSandboxCustomers as readSandboxCustomers,
  type SandboxCustomerPage,
} from '#store/seed/customer-listing.ts';

/** Customers per page; the page's `next` cursor leads to the rest. */
const PAGE_SIZE = 50;

/**
 * The seeded customers a developer can sign in as, with their accounts and current balances,
 * demo customers first; `page` is the cursor of an earlier page's `next`, absent for the first.
 */
export async function listSandboxCustomers(page?: string): Promise<SandboxCustomerPage> {
  const after = page === undefined ? undefined : decodeListingCursor(page);
  if (page !== undefined && !after) {
    throw invalid(
      'UK.OBIE.Field.Invalid',
      "Query parameter 'page' is not a cursor this API issued; follow Links.Next, or omit it for the first page.",
      { path: 'page' },
    );
  }
  return readSandboxCustomers({ limit: PAGE_SIZE, ...(after ? { after } : {}) });
}
