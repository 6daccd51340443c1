import { authorize } from '#auth/authorize.ts';
import { apiHandler } from '#http/handler.ts';
import { ownSession } from './own-session.ts';
import { sessionView } from './views.ts';

/** GET /v1/cash/sessions/{SessionId}: the terminal polls until `Approved` (dispense `Amount`) or `Expired`. */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['cash'], subject: 'client' })] },
  async (request) => {
    const session = await ownSession(request.caller, request.params.SessionId ?? '');
    return {
      status: 200,
      body: { Data: await sessionView(session, new Date()), Links: { Self: request.url.href }, Meta: {} },
    };
  },
);
