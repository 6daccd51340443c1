import type { ApiMiddleware } from '#http/handler.ts';
import { idempotent } from '#http/idempotent.ts';

/**
 * `x-idempotency-key` made optional, for the sandbox's stand-in bank app (no OAuth client of
 * its own): without the header the request simply runs; with it, it behaves exactly as on the
 * `/v1` endpoints (the same middleware), the keys being scoped to `scope` instead of a client.
 */
export function optionalIdempotency(scope: string): ApiMiddleware {
  const keyed = idempotent();
  return {
    before: async function claimKeyIfSent(request) {
      const api = request.context.api;
      if (api.headers['x-idempotency-key'] === undefined) return undefined;
      // The key's owner, only while the key is claimed: nothing downstream may take it for an authenticated client.
      api.caller = { clientId: scope, scopes: [], tokenId: '' };
      try {
        return await keyed.before!(request);
      } finally {
        delete api.caller;
      }
    },
    after: keyed.after!,
    onError: keyed.onError!,
  };
}
