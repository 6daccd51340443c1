import { openCustomerSession, SESSION_SECONDS } from '#store/customer-sessions.ts';
import { authenticateCustomer, type Credentials, type LoginOutcome } from './authenticate-customer.ts';

export type SignInOutcome =
  | { ok: true; sessionId: string; maxAgeSeconds: number }
  | Extract<LoginOutcome, { ok: false }>;

/**
 * Signs the customer in to the sharing page: username, password and one-time password
 * checked together (throttled per username and per source), then a short session is opened.
 */
export async function signIn(credentials: Credentials): Promise<SignInOutcome> {
  const outcome = await authenticateCustomer(credentials);
  if (!outcome.ok) return outcome;
  const session = await openCustomerSession(outcome.customerId);
  return { ok: true, sessionId: session.sessionId, maxAgeSeconds: SESSION_SECONDS };
}
