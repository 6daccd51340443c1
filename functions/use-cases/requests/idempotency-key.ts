import { requestFingerprint, requireIdempotencyKey } from '#domain/idempotency.ts';
import {
  abandonIdempotent,
  beginIdempotent,
  completeIdempotent,
  completionWrite,
  executionFromRecord,
  type IdempotentExecution,
  type IdempotentReplay,
  type ResponseToStore,
} from '#store/idempotency.ts';
import type { ExtraWrite } from '#store/transact.ts';

export type { ExtraWrite, IdempotentExecution, ResponseToStore };

/** A request under `x-idempotency-key`: its owner, key header and what makes it the same request. */
export interface KeyedRequest {
  owner: string;
  keyHeader: string | undefined;
  method: string;
  path: string;
  body: unknown;
}

/**
 * Claims the request's key (Stripe's semantics, per owner, kept 24 h): the stored answer when the
 * key was completed before, or an execution this request now owns. A different request under the
 * key is a 400 (`VN.OB.Idempotency.Mismatch`), a concurrent one a retryable 409.
 */
export function claimIdempotencyKey(request: KeyedRequest): Promise<IdempotentExecution | IdempotentReplay> {
  const key = requireIdempotencyKey(request.keyHeader);
  const fingerprint = requestFingerprint({ method: request.method, path: request.path, body: request.body });
  return beginIdempotent(request.owner, key, fingerprint);
}

/**
 * The in-transaction mode: the same decision as {@link claimIdempotencyKey}, from the record read
 * with the request's consent (`record`, absent when there is none), without writing anything.
 * An `execute` stores its record only inside the operation's transaction ({@link answerWrite}).
 */
export function keyFromRecord(
  request: KeyedRequest,
  record: Record<string, unknown> | undefined,
): IdempotentExecution | IdempotentReplay {
  const key = requireIdempotencyKey(request.keyHeader);
  const fingerprint = requestFingerprint({ method: request.method, path: request.path, body: request.body });
  return executionFromRecord(request.owner, key, fingerprint, record);
}

/** Stores the answer on its own (operations that write nothing else the answer must join). */
export const rememberAnswer = (execution: IdempotentExecution, answer: ResponseToStore) =>
  completeIdempotent(execution, answer);

/** The write that stores the answer inside the operation's own transaction. */
export const answerWrite = (execution: IdempotentExecution, answer: ResponseToStore): ExtraWrite =>
  completionWrite(execution, answer);

/** Frees the key after a refusal before any effect, so the client can fix the request and retry. */
export const releaseIdempotencyKey = (execution: IdempotentExecution) => abandonIdempotent(execution);
