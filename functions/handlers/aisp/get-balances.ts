import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getBalances } from '#use-cases/accounts/get-balances.ts';
import { balanceViews } from './views.ts';

/** GET /v1/aisp/accounts/{AccountId}/balances: booked and available, as of now. */
export const handler = apiHandler(async (request) => {
  const account = await getBalances(request.caller!, request.params.AccountId ?? '');
  return respond(request, 'BalancesResponse', {
    data: { Balance: balanceViews(account, new Date().toISOString()) },
    meta: { TotalPages: 1 },
  });
});
