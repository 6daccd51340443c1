import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { listConsentedAccounts } from '#use-cases/accounts/list-consented-accounts.ts';
import { accountView } from './views.ts';

/** GET /v1/aisp/accounts: the accounts the customer chose for this consent. */
export const handler = apiHandler(async (request) => {
  const { accounts, detail } = await listConsentedAccounts(request.caller!);
  return respond(request, 'AccountsResponse', {
    data: { Account: accounts.map((account) => accountView(account, detail)) },
    meta: { TotalPages: 1 },
  });
});
