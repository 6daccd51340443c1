import { verifyPassword } from '#domain/passwords.ts';
import { findCustomerByUsername } from '#store/customers.ts';
import { claimSignInAttempt, recordSignInSuccess } from '#store/login-attempts.ts';

/** The fixed one-time password of sandbox mode (CONTRACT.md). */
const SANDBOX_OTP = '123456';

/**
 * A well-formed scrypt hash, with the platform's cost, of a random password nobody knows: an
 * unknown username is judged against it, so it costs the same scrypt work as a known one.
 */
const DUMMY_PASSWORD_HASH = 'scrypt$xLYQW28/+v2/zqvQxMMAkg==$lAbVFNs2GbtVdYOjImyLsjcSoPKZRuv/PPViyQC8+d8=';

export type LoginOutcome =
  | { ok: true; customerId: string }
  | { ok: false; reason: 'loginFailed' }
  | { ok: false; reason: 'tooManyAttempts'; retryAfterSeconds: number };

/** What a person typed on a sign-in form, and where the request came from. */
export interface Credentials {
  username: string;
  password: string;
  otp: string;
  /** The caller's address (API Gateway's `requestContext.identity.sourceIp`), for the per-source limit. */
  sourceIp: string;
}

/**
 * Checks username, password and one-time password together, so a failure never says which
 * part was wrong. The attempt is claimed (counted as a failure) before anything is judged, and
 * refused while the username's progressive delay or the source's limit is running
 * (`#domain/sign-in-throttle.ts`). Known and unknown usernames take the same path and the same
 * scrypt work, so the answer's timing does not tell whether a username exists.
 */
export async function authenticateCustomer(credentials: Credentials): Promise<LoginOutcome> {
  const name = credentials.username.trim().toLowerCase();
  if (!name || name.length > 64) return { ok: false, reason: 'loginFailed' };
  const attempt = await claimSignInAttempt(name, credentials.sourceIp);
  if (!attempt.allowed) {
    return { ok: false, reason: 'tooManyAttempts', retryAfterSeconds: attempt.retryAfterSeconds };
  }
  const customer = await findCustomerByUsername(name);
  const passwordOk = await verifyPassword(
    credentials.password,
    customer?.passwordHash ?? DUMMY_PASSWORD_HASH,
  );
  if (!customer || !passwordOk || !otpIsValid(credentials.otp)) return { ok: false, reason: 'loginFailed' };
  await recordSignInSuccess(attempt);
  return { ok: true, customerId: customer.customerId };
}

/**
 * Sandbox accepts its published OTP. Outside sandbox no OTP channel (SMS, Smart OTP app) is
 * wired to this platform yet, so sign-in is refused rather than weakened.
 */
export function otpIsValid(otp: string): boolean {
  return process.env.SANDBOX === '1' && otp === SANDBOX_OTP;
}
