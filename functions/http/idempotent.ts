import { requestFingerprint, requireIdempotencyKey } from '#domain/idempotency.ts';
import { abandonIdempotent, beginIdempotent, completeIdempotent } from '#store/idempotency.ts';
import { ApiError } from './errors.ts';
import { type ApiMiddleware, toResult } from './handler.ts';

/** Response headers worth replaying (the rest are per-exchange). */
const REPLAYED_HEADERS = ['location', 'content-type'];

/**
 * `x-idempotency-key` for a resource-creating or money-moving POST (one mechanism for all):
 * scoped per client, kept 24 h. A retry with the same body gets the stored response; another
 * body under the key is a 400; a concurrent duplicate a retryable 409. Runs after `authorize`.
 */
export function idempotent(): ApiMiddleware {
  return {
    before: async function claimKey(request) {
      const api = request.context.api;
      if (!api.caller) throw new TypeError('idempotent() must run after authorize()');
      const key = requireIdempotencyKey(api.headers['x-idempotency-key']);
      const fingerprint = requestFingerprint({
        method: request.event.httpMethod,
        path: request.event.path,
        body: api.body,
      });
      const claim = await beginIdempotent(api.caller.clientId, key, fingerprint);
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
      api.idempotency = { execution: claim, completed: false };
      return undefined;
    },
    after: async function rememberResponse(request) {
      const held = request.context.api.idempotency;
      if (!held || held.completed || !request.response) return;
      const { statusCode, body, headers } = request.response;
      const kept = Object.fromEntries(
        Object.entries(headers ?? {}).filter(([name]) => REPLAYED_HEADERS.includes(name.toLowerCase())),
      ) as Record<string, string>;
      await completeIdempotent(held.execution, {
        status: statusCode,
        body: body ? JSON.parse(body) : undefined,
        headers: kept,
      });
      held.completed = true;
    },
    onError: async function releaseKey(request) {
      const held = request.context.api?.idempotency;
      // Refused before any effect: free the key so the client can fix the request and retry.
      // Anything else keeps the claim; its lease expiring lets a retry take over safely.
      if (held && !held.completed && request.error instanceof ApiError && request.error.status < 500) {
        await abandonIdempotent(held.execution);
      }
    },
  };
}
