/**
 * Bench-only twin of functions/aisp/list-accounts.ts without `authorize()`: the same middy
 * chain, the same permission check, account reads and views, for a caller fixed by the
 * benchmark instead of one proved by a token, DPoP proof and consent lookup. The auth
 * benchmark serves it through the same gateway to price the protection alone.
 */

import { apiHandler } from '#http/handler.ts';
import type { Caller } from '#http/request.ts';
import { accountsResponse } from '../functions/aisp/accounts-response.ts';

let fixedCaller: Caller | undefined;

/** The caller every request of the twin acts as (what `authorize()` would have proved). */
export function useCaller(caller: Caller): void {
  fixedCaller = caller;
}

/** GET /bench/aisp/accounts: list-accounts' logic, unprotected. */
export const handler = apiHandler({}, async (request) => {
  if (!fixedCaller) throw new Error('the unprotected twin needs useCaller() first');
  return accountsResponse(request, fixedCaller);
});
