import { cashErrors } from '#domain/cash/errors.ts';
import type { Caller } from '#http/request.ts';
import { type CashSessionItem, getCashSession } from '#store/cash-sessions.ts';

const ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * The session, if this terminal client opened it; 404 otherwise, so another client learns
 * nothing, not even that the id exists.
 */
export async function ownSession(caller: Caller | undefined, sessionId: string): Promise<CashSessionItem> {
  const session = ID.test(sessionId) ? await getCashSession(sessionId) : undefined;
  if (!session || !caller || session.clientId !== caller.clientId)
    throw cashErrors.sessionNotFound(sessionId);
  return session;
}
