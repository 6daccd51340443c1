import { closeCustomerSession, findCustomerSession } from '#store/customer-sessions.ts';

/**
 * Signs the customer out of the sharing page. Only a form of the page itself (carrying the
 * session's CSRF token) closes the session; anything else changes nothing.
 */
export async function signOut(input: { sessionId: string | undefined; csrf: string | null }): Promise<void> {
  const session = input.sessionId ? await findCustomerSession(input.sessionId) : undefined;
  if (session && input.csrf === session.csrfToken) await closeCustomerSession(session.sessionId);
}
