import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getConsentedAccount } from '#use-cases/accounts/get-consented-account.ts';
import { accountView } from './views.ts';

/** GET /v1/aisp/accounts/{AccountId} */
export const handler = apiHandler(async (request) => {
  const { account, detail } = await getConsentedAccount(request.caller!, request.params.AccountId ?? '');
  return respond(request, 'AccountsResponse', {
    data: { Account: [accountView(account, detail)] },
    meta: { TotalPages: 1 },
  });
});
