import { authorize } from '#auth/authorize.ts';
import { apiHandler } from '#http/handler.ts';
import { accountsResponse } from './accounts-response.ts';

/** GET /v1/aisp/accounts: the accounts the customer chose for this consent. */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['accounts'], subject: 'customer' })] },
  (request) => accountsResponse(request, request.caller!),
);
