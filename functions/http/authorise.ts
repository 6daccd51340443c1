import { DomainError } from '#domain/errors.ts';
import { isIdempotencyKey } from '#domain/idempotency.ts';
import { logger } from '#runtime/logger.ts';
import { authoriseRequest } from '#use-cases/access/authorise-request.ts';
import { recordPendingProof } from '#use-cases/access/dpop-proof.ts';
import type { ApiMiddleware, ApiRequest } from './request.ts';

/**
 * Checks the caller against the matched route's `caller` policy; routes without one are public.
 * On a route whose use case records the DPoP proof in its own transaction, the proof is recorded
 * here on every path where that did not happen (an early refusal, an error, a replayed answer).
 */
export function authorise(): ApiMiddleware {
  return {
    before: async function checkCaller(request) {
      const api = request.context.api;
      if (!api.route.caller) return;
      const key = api.headers['x-idempotency-key'];
      const keyInTransaction =
        api.route.idempotency?.storedBy === 'transaction' && key && isIdempotencyKey(key);
      const authorised = await authoriseRequest(
        {
          authorization: api.headers.authorization,
          dpop: api.headers.dpop,
          method: request.event.httpMethod,
          url: api.url,
          params: api.params,
          ...(keyInTransaction ? { idempotencyKey: key } : {}),
        },
        api.route.caller,
      );
      api.caller = authorised.caller;
      if (authorised.proof) api.proof = authorised.proof;
      if (api.route.idempotency?.storedBy === 'transaction') {
        api.storedIdempotency = authorised.idempotencyRecord ? { record: authorised.idempotencyRecord } : {};
      }
    },
    after: async function recordProofNotInTransaction(request) {
      const api = request.context.api;
      if (api.proof && !api.proofInTransaction) await recordPendingProof(api.proof);
    },
    onError: async function spendProof(request) {
      const replayed = await settleProof(request.context.api);
      if (replayed) request.error = replayed;
    },
  };
}

/**
 * Records the request's pending DPoP proof unless its transaction did; the 401 to answer instead
 * when the proof had been used by another request. Never throws: an onError must not.
 */
export async function settleProof(api: ApiRequest | undefined): Promise<Error | undefined> {
  if (!api?.proof) return undefined;
  try {
    await recordPendingProof(api.proof);
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    logger.error('DPoP proof not recorded', { interactionId: api.interactionId, error });
    return undefined;
  }
}
