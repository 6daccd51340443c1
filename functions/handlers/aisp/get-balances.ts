import { authorize } from '#auth/authorize.ts';
import { apiHandler } from '#http/handler.ts';
import { consentedAccount, requirePermission } from './consented-account.ts';
import { balanceViews } from './views.ts';

/** GET /v1/aisp/accounts/{AccountId}/balances: booked and available, as of now. */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['accounts'], subject: 'customer' })] },
  async (request) => {
    const caller = request.caller!;
    requirePermission(caller, 'ReadBalances');
    const account = await consentedAccount(caller, request.params.AccountId!);
    return {
      status: 200,
      body: {
        Data: { Balance: balanceViews(account, new Date().toISOString()) },
        Links: { Self: request.url.href },
        Meta: { TotalPages: 1 },
      },
    };
  },
);
