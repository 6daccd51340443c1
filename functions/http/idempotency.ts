import { DomainError } from '#domain/errors.ts';
import { StoredAnswerFound, type StoredResponse } from '#domain/idempotency.ts';
import {
  claimIdempotencyKey,
  keyFromRecord,
  releaseIdempotencyKey,
  rememberAnswer,
} from '#use-cases/requests/idempotency-key.ts';
import { settleProof } from './authorise.ts';
import type { ApiMiddleware, ApiRequest } from './request.ts';

/**
 * How a route whose answer carries a secret (a webhook endpoint's signing secret) keeps that
 * answer for 24 h of replays: sealed at rest, opened only to answer a retry under the same key.
 * `context` binds the sealed answer to its client and key, so a copied record does not open.
 */
export interface AnswerSealing {
  seal(body: unknown, context: string): Promise<unknown>;
  open(stored: unknown, context: string): Promise<unknown>;
}

import { toResult } from './to-result.ts';

/** Response headers worth replaying (the rest are per-exchange). */
const REPLAYED_HEADERS = ['location', 'content-type'];

/**
 * `x-idempotency-key`, as the matched route's policy says: scoped per client (or per the
 * policy's owner for keys sent without a client), kept 24 h. A retry with the same body gets
 * the stored answer; another body under the key is a 400; a concurrent duplicate a retryable
 * 409. Where the policy says the use case stores the answer (inside its own transaction), the
 * chain does not store it again. In-transaction keys (`storedBy: 'transaction'`) claim nothing:
 * the record read with the consent decides, and a concurrent duplicate loses inside the use
 * case's transaction and is answered with the winner's stored answer (no 409).
 */
export function idempotency(sealing?: AnswerSealing): ApiMiddleware {
  return {
    before: async function claimKey(request) {
      const api = request.context.api;
      const policy = api.route.idempotency;
      if (!policy) return undefined;
      if (policy.key === 'optional' && api.headers['x-idempotency-key'] === undefined) return undefined;
      const owner = api.caller?.clientId ?? policy.owner;
      if (!owner) throw new TypeError(`route ${api.route.path} has a key policy but no caller or owner`);
      const keyed = {
        owner,
        keyHeader: api.headers['x-idempotency-key'],
        method: request.event.httpMethod,
        path: request.event.path,
        body: api.body,
      };
      const claim =
        policy.storedBy === 'transaction'
          ? keyFromRecord(keyed, api.storedIdempotency?.record)
          : await claimIdempotencyKey(keyed);
      if (claim.kind === 'replay') {
        const replayed = await settleProof(api);
        if (replayed) throw replayed;
        const body = sealing
          ? await sealing.open(claim.body, sealingContext(owner, keyed.keyHeader!))
          : claim.body;
        return replay(api, { ...claim, body });
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
      const answer = body ? JSON.parse(body) : undefined;
      const { clientId, key } = api.idempotency;
      await rememberAnswer(api.idempotency, {
        status: statusCode,
        body:
          sealing && answer !== undefined
            ? await sealing.seal(answer, sealingContext(clientId, key))
            : answer,
        headers: kept,
      });
    },
    onError: async function releaseKey(request) {
      if (request.error instanceof StoredAnswerFound) {
        // Lost inside the transaction to an earlier request under the key: its answer is ours.
        const api = request.context.api;
        const replayed = await settleProof(api);
        if (replayed) {
          request.error = replayed;
          return undefined;
        }
        return replay(api, request.error.response);
      }
      const held = request.context.api?.idempotency;
      // Refused before any effect: free the key so the client can fix the request and retry.
      // Anything else keeps the claim; its lease expiring lets a retry take over safely.
      if (held && request.error instanceof DomainError && request.error.kind !== 'busy') {
        await releaseIdempotencyKey(held);
      }
    },
  };
}

/** What a sealed answer is bound to: the key's owner and the key. */
const sealingContext = (owner: string, key: string) => `idempotency:${owner}:${key}`;

/** The stored answer, marked as a replay. */
function replay(api: ApiRequest, stored: StoredResponse) {
  return toResult(
    {
      status: stored.status,
      body: stored.body,
      headers: { ...stored.headers, 'x-idempotent-replayed': 'true' },
    },
    api.interactionId,
  );
}
