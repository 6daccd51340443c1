import { authorize } from '#auth/authorize.ts';
import { apiHandler } from '#http/handler.ts';
import { consentedAccount, requirePermission, showsAccountDetail } from './consented-account.ts';
import { accountView } from './views.ts';

/** GET /v1/aisp/accounts/{AccountId} */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['accounts'], subject: 'customer' })] },
  async (request) => {
    const caller = request.caller!;
    requirePermission(caller, 'ReadAccountsBasic', 'ReadAccountsDetail');
    const account = await consentedAccount(caller, request.params.AccountId!);
    return {
      status: 200,
      body: {
        Data: { Account: [accountView(account, showsAccountDetail(caller))] },
        Links: { Self: request.url.href },
        Meta: { TotalPages: 1 },
      },
    };
  },
);
