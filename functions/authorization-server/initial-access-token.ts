import { timingSafeEqual } from 'node:crypto';
import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * The initial access token for dynamic client registration comes from configuration
 * (`INITIAL_ACCESS_TOKEN`, in sandbox `SANDBOX_INITIAL_ACCESS_TOKEN`), not from storage.
 * It carries the partner registration policy.
 */
export class ConfiguredInitialAccessTokens implements Adapter {
  /** @param fromSecret the token kept with the signing keys in Secrets Manager, if any. */
  constructor(private readonly fromSecret?: string) {}

  async find(id: string): Promise<AdapterPayload | undefined> {
    const expected = this.fromSecret || configuredInitialAccessToken();
    if (!expected || !sameSecret(id, expected)) return undefined;
    return { jti: id, kind: 'InitialAccessToken', policies: ['partner-registration'], iat: 0 };
  }

  async upsert(): Promise<void> {
    throw new Error('initial access tokens are configured, not stored');
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

/** The configured token: `INITIAL_ACCESS_TOKEN`, or the sandbox's. */
export function configuredInitialAccessToken(): string | undefined {
  return (
    process.env.INITIAL_ACCESS_TOKEN ||
    (process.env.SANDBOX === '1'
      ? process.env.SANDBOX_INITIAL_ACCESS_TOKEN || DEFAULT_SANDBOX_TOKEN
      : undefined)
  );
}

/** Printed at start in sandbox mode; never accepted outside sandbox. */
export const DEFAULT_SANDBOX_TOKEN = 'sandbox-initial-access-token';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
