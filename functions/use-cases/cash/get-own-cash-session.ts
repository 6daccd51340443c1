import { cashErrors } from '#domain/cash/errors.ts';
import type { CashSession } from '#domain/cash/session.ts';
import { getCashSession } from '#store/cash-sessions.ts';

/** The contract's `Id`: anything else cannot name a session. */
const ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * The session if this terminal client opened it; otherwise 404, whether it exists or not, so
 * another client learns nothing, not even that the id exists.
 */
export async function getOwnCashSession(clientId: string, sessionId: string): Promise<CashSession> {
  const session = ID.test(sessionId) ? await getCashSession(sessionId) : undefined;
  if (!session || session.clientId !== clientId) throw cashErrors.sessionNotFound(sessionId);
  return session;
}
