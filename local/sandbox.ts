/**
 * Sandbox preparation at start: seeds the demo data once and returns the lines
 * that tell a developer how to sign in (demo customers, demo clients).
 */
export async function prepareSandbox(options: { baseUrl: string }): Promise<string[]> {
  return [
    `sandbox: ${options.baseUrl}/sandbox/customers lists the demo customers (password 'sandbox', OTP 123456)`,
  ];
}
