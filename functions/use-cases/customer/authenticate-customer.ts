import { verifyPassword } from '#domain/passwords.ts';
import { findCustomerByUsername } from '#store/customers.ts';
import { isLockedOut, recordFailedLogin } from '#store/login-attempts.ts';

/** The fixed one-time password of sandbox mode (CONTRACT.md). */
const SANDBOX_OTP = '123456';

export type LoginOutcome =
  | { ok: true; customerId: string }
  | { ok: false; reason: 'loginFailed' | 'tooManyAttempts' };

/**
 * Checks username, password and one-time password together, so a failure never says which
 * part was wrong, and locks the username after repeated failures.
 */
export async function authenticateCustomer(
  username: string,
  password: string,
  otp: string,
): Promise<LoginOutcome> {
  const name = username.trim().toLowerCase();
  if (!name || name.length > 64) return { ok: false, reason: 'loginFailed' };
  if (await isLockedOut(name)) return { ok: false, reason: 'tooManyAttempts' };
  const customer = await findCustomerByUsername(name);
  const passwordOk = customer ? await verifyPassword(password, customer.passwordHash) : false;
  if (customer && passwordOk && otpIsValid(otp)) return { ok: true, customerId: customer.customerId };
  await recordFailedLogin(name);
  return { ok: false, reason: 'loginFailed' };
}

/**
 * Sandbox accepts its published OTP. Outside sandbox no OTP channel (SMS, Smart OTP app) is
 * wired to this platform yet, so sign-in is refused rather than weakened.
 */
function otpIsValid(otp: string): boolean {
  return process.env.SANDBOX === '1' && otp === SANDBOX_OTP;
}
