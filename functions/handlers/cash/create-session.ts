import { parseCashSessionRequest } from '#domain/cash/requests.ts';
import { valueOrThrow } from '#domain/errors.ts';
import { apiHandler } from '#http/api-handler.ts';
import { created, type Incoming, memberUrl, type Schemas } from '#http/respond.ts';
import { openCashSession } from '#use-cases/cash/open-cash-session.ts';
import { sessionView } from './views.ts';

/**
 * POST /v1/cash/sessions: a terminal asks for a dynamic QRCASH code to show. The session
 * waits for the customer's approval until its `ExpirationDateTime`.
 */
export const handler = apiHandler<Incoming<Schemas['CashSessionRequest']>>(async (request) => {
  const command = valueOrThrow(parseCashSessionRequest(request.body));
  const now = new Date();
  const session = await openCashSession(request.caller!.clientId, command, now);
  return created(request, 'CashSessionResponse', {
    self: memberUrl(request, session.sessionId),
    data: await sessionView(session, now),
  });
});
