import { timingSafeEqual } from 'node:crypto';
import type { AdapterPayload } from 'oidc-provider';
import { bindingFromPolicies, bindingPolicies, SANDBOX_BINDING } from '#domain/registration.ts';
import { DynamoOidcAdapter } from '#store/oidc-adapter.ts';

/**
 * Where oidc-provider finds initial access tokens (RFC 7591). Partners' tokens are the
 * provider's own `InitialAccessToken` records, issued by an operator (`npm run operator --
 * initial-access-token issue`), stored hashed and expiring, each bound by its policies to one
 * partner kind and the scopes the bank granted. In sandbox mode the configured sandbox token
 * is accepted too, bound to any kind of partner client (CONTRACT.md); never outside it.
 */
export class InitialAccessTokens extends DynamoOidcAdapter {
  constructor() {
    super('InitialAccessToken');
  }

  override async find(id: string): Promise<AdapterPayload | undefined> {
    const sandboxToken = sandboxInitialAccessToken();
    if (sandboxToken && sameSecret(id, sandboxToken)) {
      return { jti: id, kind: 'InitialAccessToken', policies: bindingPolicies(SANDBOX_BINDING), iat: 0 };
    }
    const stored = await super.find(id);
    // A token without a partner binding would register with no policy at all: never accept one.
    return bindingFromPolicies(stored?.policies as string[] | undefined) ? stored : undefined;
  }
}

/** The sandbox's initial access token (`SANDBOX_INITIAL_ACCESS_TOKEN`), in sandbox mode only. */
export function sandboxInitialAccessToken(): string | undefined {
  return process.env.SANDBOX === '1'
    ? process.env.SANDBOX_INITIAL_ACCESS_TOKEN || DEFAULT_SANDBOX_TOKEN
    : undefined;
}

/** Printed at start in sandbox mode; never accepted outside sandbox. */
export const DEFAULT_SANDBOX_TOKEN = 'sandbox-initial-access-token';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
