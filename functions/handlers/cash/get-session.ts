import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getOwnCashSession } from '#use-cases/cash/get-own-cash-session.ts';
import { sessionView } from './views.ts';

/** GET /v1/cash/sessions/{SessionId}: the terminal polls until `Approved` (dispense `Amount`) or `Expired`. */
export const handler = apiHandler(async (request) => {
  const session = await getOwnCashSession(request.caller!.clientId, request.params.SessionId ?? '');
  return respond(request, 'CashSessionResponse', { data: await sessionView(session, new Date()) });
});
