import { authorize } from '#auth/authorize.ts';
import { encodeCashCode } from '#domain/cash/code.ts';
import { parseCashSessionRequest } from '#domain/cash/requests.ts';
import { approvalDeadline, type CashSession, newSessionId } from '#domain/cash/session.ts';
import { newOneTimeReference } from '#domain/vietqr/reference.ts';
import { ValidationError } from '#http/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { idempotent } from '#http/idempotent.ts';
import { insertCashSession } from '#store/cash-sessions.ts';
import { sessionView } from './views.ts';

/** Draws of a one-time reference before giving up (a collision needs ~2^50 live codes). */
const REFERENCE_ATTEMPTS = 3;

/**
 * POST /v1/cash/sessions: a terminal asks for a dynamic QRCASH code to show. The session
 * waits for the customer's approval until its `ExpirationDateTime`.
 */
export const handler = apiHandler(
  { body: 'json', use: [authorize({ scopes: ['cash'], subject: 'client' }), idempotent()] },
  async (request) => {
    const { value, problems } = parseCashSessionRequest(request.body);
    if (!value) throw new ValidationError(problems.list);
    const now = new Date();
    for (let attempt = 1; attempt <= REFERENCE_ATTEMPTS; attempt++) {
      const reference = newOneTimeReference();
      const code = encodeCashCode({ ...value, reference });
      if (!code.ok) throw new ValidationError(code.problems);
      const createdAt = now.toISOString();
      const session: CashSession = {
        sessionId: newSessionId(),
        clientId: request.caller!.clientId,
        terminalId: value.terminalId,
        reference,
        payload: code.payload,
        ...(value.location ? { location: value.location } : {}),
        status: 'AwaitingApproval',
        createdAt,
        statusUpdatedAt: createdAt,
        expiresAt: approvalDeadline(now),
        statusHistory: [{ Status: 'AwaitingApproval', At: createdAt }],
      };
      if (!(await insertCashSession(session))) continue;
      const self = `${request.url.origin}${request.url.pathname}/${session.sessionId}`;
      return {
        status: 201,
        headers: { location: self },
        body: { Data: await sessionView(session, now), Links: { Self: self }, Meta: {} },
      };
    }
    throw new Error(`one-time reference collided ${REFERENCE_ATTEMPTS} times`);
  },
);
