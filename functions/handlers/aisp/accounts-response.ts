import type { ApiRequest, ApiResponse, Caller } from '#http/request.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { requirePermission, showsAccountDetail } from './consented-account.ts';
import { accountView } from './views.ts';

/** The answer to GET /aisp/accounts for a caller: the accounts the customer chose for the consent. */
export async function accountsResponse(request: ApiRequest, caller: Caller): Promise<ApiResponse> {
  requirePermission(caller, 'ReadAccountsBasic', 'ReadAccountsDetail');
  const accounts = await Promise.all((caller.consent!.accountIds ?? []).map((id) => getAccount(id)));
  const detail = showsAccountDetail(caller);
  return {
    status: 200,
    body: {
      Data: {
        Account: accounts
          .filter((account) => account?.ownerId === caller.customerId)
          .map((account) => accountView(account!, detail)),
      },
      Links: { Self: request.url.href },
      Meta: { TotalPages: 1 },
    },
  };
}
