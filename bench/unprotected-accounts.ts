/**
 * Bench-only twin of functions/handlers/aisp/list-accounts.ts without authorisation: the same
 * middy chain (its route has no caller policy), the same use case (permission check, account
 * reads) and views, for a caller fixed by the benchmark instead of one proved by a token, DPoP
 * proof and consent lookup. The auth benchmark serves it through the same gateway to price the
 * protection alone.
 */

import type { Caller } from '#domain/caller.ts';
import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { routeOf, routes } from '#routing/routes.ts';
import { listConsentedAccounts } from '#use-cases/accounts/list-consented-accounts.ts';
import { accountView } from '../functions/handlers/aisp/views.ts';
import { benchRoutes } from './setup.ts';

// The chain finds a request's route (and its policy) in the route table: make the bench-only
// routes known to it, in this benchmark process only.
for (const route of benchRoutes) {
  if (!routeOf(route.method, route.path)) routes.push(route);
}

let fixedCaller: Caller | undefined;

/** The caller every request of the twin acts as (what the chain's authorisation would have proved). */
export function useCaller(caller: Caller): void {
  fixedCaller = caller;
}

/** GET /bench/aisp/accounts: list-accounts' logic, unprotected. */
export const handler = apiHandler(async (request) => {
  if (!fixedCaller) throw new Error('the unprotected twin needs useCaller() first');
  const { accounts, detail } = await listConsentedAccounts(fixedCaller);
  return respond(request, 'AccountsResponse', {
    data: { Account: accounts.map((account) => accountView(account, detail)) },
    meta: { TotalPages: 1 },
  });
});
