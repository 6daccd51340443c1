import { openCustomerSession, SESSION_SECONDS } from '#store/customer-sessions.ts';
import { authenticateCustomer, type LoginOutcome } from './authenticate-customer.ts';

export type SignInOutcome =
  | { ok: true; sessionId: string; maxAgeSeconds: number }
  | Extract<LoginOutcome, { ok: false }>;

/**
 * Signs the customer in to the sharing page: username, password and one-time password
 * checked together (and locked after repeated failures), then a short session is opened.
 */
export async function signIn(credentials: {
  username: string;
  password: string;
  otp: string;
}): Promise<SignInOutcome> {
  const outcome = await authenticateCustomer(credentials.username, credentials.password, credentials.otp);
  if (!outcome.ok) return outcome;
  const session = await openCustomerSession(outcome.customerId);
  return { ok: true, sessionId: session.sessionId, maxAgeSeconds: SESSION_SECONDS };
}
