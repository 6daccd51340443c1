import { encodeCashCode } from '#domain/cash/code.ts';
import type { CashSessionRequest } from '#domain/cash/requests.ts';
import { approvalDeadline, type CashSession, newSessionId } from '#domain/cash/session.ts';
import { ValidationError } from '#domain/errors.ts';
import { newOneTimeReference } from '#domain/vietqr/reference.ts';
import { insertCashSession } from '#store/cash-sessions.ts';

/** Draws of a one-time reference before giving up (a collision needs ~2^50 live codes). */
const REFERENCE_ATTEMPTS = 3;

/**
 * A terminal asks for a dynamic QRCASH code to show: a new session under a fresh one-time
 * reference, awaiting the customer's approval until its approval window ends.
 */
export async function openCashSession(
  clientId: string,
  request: CashSessionRequest,
  now = new Date(),
): Promise<CashSession> {
  for (let attempt = 1; attempt <= REFERENCE_ATTEMPTS; attempt++) {
    const reference = newOneTimeReference();
    const code = encodeCashCode({ ...request, reference });
    if (!code.ok) throw new ValidationError(code.problems);
    const createdAt = now.toISOString();
    const session: CashSession = {
      sessionId: newSessionId(),
      clientId,
      terminalId: request.terminalId,
      reference,
      payload: code.payload,
      ...(request.location ? { location: request.location } : {}),
      status: 'AwaitingApproval',
      createdAt,
      statusUpdatedAt: createdAt,
      expiresAt: approvalDeadline(now),
      statusHistory: [{ Status: 'AwaitingApproval', At: createdAt }],
    };
    if (await insertCashSession(session)) return session;
  }
  throw new Error(`one-time reference collided ${REFERENCE_ATTEMPTS} times`);
}
