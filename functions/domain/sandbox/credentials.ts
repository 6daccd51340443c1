/** Every sandbox customer signs in with this password (contract: "password `sandbox`"). */
export const SANDBOX_PASSWORD = 'sandbox';
/** The fixed one-time password accepted in sandbox mode (contract: "OTP `123456`"). */
export const SANDBOX_ONE_TIME_PASSWORD = '123456';
