import { forbidden, invalid } from '../errors.ts';

/**
 * What the sandbox bank app refuses when it signs a demo customer in. A 403, not a 401: the
 * credentials travel in the body, and this API's 401s carry the DPoP challenge of its access
 * tokens, which does not apply here (RFC 9110 §15.5.4: the credentials given are insufficient).
 */
export const sandboxErrors = {
  /** An unknown username and a wrong password get this same answer, so it names no customer. */
  invalidCredentials: () =>
    forbidden(
      'VN.OB.Sandbox.InvalidCredentials',
      "The username or password is wrong; demo customers (GET /sandbox/customers) use the password 'sandbox'.",
    ),
  /** Refused without judging the password: too many recent failures for this username or source. */
  tooManyAttempts: (retryAfterSeconds: number) =>
    forbidden(
      'VN.OB.Sandbox.TooManyAttempts',
      `Too many failed sign-ins; wait ${retryAfterSeconds} s before trying again.`,
      { retryAfterSeconds },
    ),
  /** The sign-in or consent page refused the answer (the page's own message), or the request is no longer pending. */
  authorisationRefused: (message: string) =>
    invalid('VN.OB.Sandbox.AuthorisationRefused', message, { path: 'Data' }),
  /** The URL is not this platform's authorization endpoint. */
  notAnAuthorizationUrl: () =>
    invalid(
      'UK.OBIE.Field.Invalid',
      "Data.AuthorizationUrl must be this platform's authorization_endpoint (discovery) with client_id and request_uri from PAR.",
      { path: 'Data.AuthorizationUrl' },
    ),
} as const;
