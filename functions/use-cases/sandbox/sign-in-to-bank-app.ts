import { SANDBOX_ONE_TIME_PASSWORD } from '#domain/sandbox/credentials.ts';
import { sandboxErrors } from '#domain/sandbox/errors.ts';
import { authenticateCustomer } from '#use-cases/customer/authenticate-customer.ts';

/** Who the sandbox bank app signs in, and from where the request came. */
export interface BankAppCredentials {
  username: string;
  password: string;
  /** The caller's address (API Gateway's `requestContext.identity.sourceIp`), for the per-source limit. */
  sourceIp: string;
}

/**
 * The sandbox bank app signing its customer in before acting for them (`/sandbox/cash-approvals`,
 * `/sandbox/qr-payments`), so that on a public sandbox nobody acts on another's demo account:
 * username and password judged by the same authentication, attempt counting and limits as the
 * sign-in pages. The app stands for the customer's enrolled device, so it supplies the second
 * factor itself (the sandbox's fixed one-time password). Resolves the customer's id; an unknown
 * username and a wrong password are refused alike.
 *
 * @example const customerId = await signInToBankApp({ username: 'an.nguyen', password: 'sandbox', sourceIp });
 */
export async function signInToBankApp(credentials: BankAppCredentials): Promise<string> {
  const outcome = await authenticateCustomer({ ...credentials, otp: SANDBOX_ONE_TIME_PASSWORD });
  if (outcome.ok) return outcome.customerId;
  throw outcome.reason === 'tooManyAttempts'
    ? sandboxErrors.tooManyAttempts(outcome.retryAfterSeconds)
    : sandboxErrors.invalidCredentials();
}
