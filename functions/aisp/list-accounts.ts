import { authorize } from '#auth/authorize.ts';
import { apiHandler } from '#http/handler.ts';
import { getAccount } from '#store/ledger.ts';
import { requirePermission, showsAccountDetail } from './consented-account.ts';
import { accountView } from './views.ts';

/** GET /v1/aisp/accounts: the accounts the customer chose for this consent. */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['accounts'], subject: 'customer' })] },
  async (request) => {
    const caller = request.caller!;
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
  },
);
