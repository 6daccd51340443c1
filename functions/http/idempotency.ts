import { DomainError } from '#domain/errors.ts';
import {
  claimIdempotencyKey,
  releaseIdempotencyKey,
  rememberAnswer,
} from '#use-cases/requests/idempotency-key.ts';
import type { ApiMiddleware } from './request.ts';
import { toResult } from './to-result.ts';

/** Response headers worth replaying (the rest are per-exchange). */
const REPLAYED_HEADERS = ['location', 'content-type'];

/**
 * `x-idempotency-key`, as the matched route's policy says: scoped per client (or per the
 * policy's owner for keys sent without a client), kept 24 h. A retry with the same body gets
 * the stored answer; another body under the key is a 400; a concurrent duplicate a retryable
 * 409. Where the policy says the use case stores the answer (inside its own transaction), the
 * chain does not store it again.
 */
export function idempotency(): ApiMiddleware {
  return {
    before: async function claimKey(request) {
      const api = request.context.api;
      const policy = api.route.idempotency;
      if (!policy) return undefined;
      if (policy.key === 'optional' && api.headers['x-idempotency-key'] === undefined) return undefined;
      const owner = api.caller?.clientId ?? policy.owner;
      if (!owner) throw new TypeError(`route ${api.route.path} has a key policy but no caller or owner`);
      const claim = await claimIdempotencyKey({
        owner,
        keyHeader: api.headers['x-idempotency-key'],
        method: request.event.httpMethod,
        path: request.event.path,
        body: api.body,
      });
      if (claim.kind === 'replay') {
        return toResult(
          {
            status: claim.status,
            body: claim.body,
            headers: { ...claim.headers, 'x-idempotent-replayed': 'true' },
          },
          api.interactionId,
        );
      }
      api.idempotency = claim;
      return undefined;
    },
    after: async function rememberResponse(request) {
      const api = request.context.api;
      if (!api.idempotency || api.route.idempotency?.storedBy !== 'chain' || !request.response) return;
      const { statusCode, body, headers } = request.response;
      const kept = Object.fromEntries(
        Object.entries(headers ?? {}).filter(([name]) => REPLAYED_HEADERS.includes(name.toLowerCase())),
      ) as Record<string, string>;
      await rememberAnswer(api.idempotency, {
        status: statusCode,
        body: body ? JSON.parse(body) : undefined,
        headers: kept,
      });
    },
    onError: async function releaseKey(request) {
      const held = request.context.api?.idempotency;
      // Refused before any effect: free the key so the client can fix the request and retry.
      // Anything else keeps the claim; its lease expiring lets a retry take over safely.
      if (held && request.error instanceof DomainError && request.error.kind !== 'busy') {
        await releaseIdempotencyKey(held);
      }
    },
  };
}
