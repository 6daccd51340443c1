import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  decideIdempotency,
  IdempotencyInProgressError,
  IdempotencyMismatchError,
  type IdempotencyRecordState,
  LEASE_MS,
  RETENTION_SECONDS,
  StoredAnswerFound,
  type StoredResponse,
} from '#domain/idempotency.ts';
import { documents, mainTableName } from './client.ts';
import type { IdempotencyItem } from './items.ts';
import { keys } from './keys.ts';
import { fromAttributeMap } from './ledger/attributes.ts';
import type { ExtraWrite } from './transact.ts';

/**
 * Idempotency records: one per client and key, claimed with a conditional Put before the
 * operation runs, completed with the response in the SAME transaction as the operation's
 * effect (see {@link completionWrite}), so that no crash can separate "paid" from "remembered".
 *
 * Failure policy (decided here, applied by handlers):
 * - a request refused before any effect (validation, authorization, funds unknown yet) calls
 *   {@link abandonIdempotent}: the key is freed and the client may fix the request and retry it;
 * - once an effect is written, its response (success or business refusal, e.g. a `Rejected`
 *   payment) is stored and replayed for 24 h;
 * - an unexpected error leaves the record `InProgress`: if the transaction did commit, the
 *   record is `Completed` and retries replay; if not, a retry takes over once the lease expires.
 */

/** The caller owns the key and must run the operation, then complete or abandon. */
export interface IdempotentExecution {
  kind: 'execute';
  clientId: string;
  key: string;
  fingerprint: string;
  /** This execution's claim; completion and abandonment are conditioned on it. */
  leaseId: string;
  /** True when a previous execution's lease had expired (it crashed or stalled). */
  takeover: boolean;
  /**
   * Nothing was claimed before the work: the record is written, completed, only inside the
   * operation's own transaction, conditioned on no live record, so a duplicate loses there
   * (see {@link executionFromRecord}).
   */
  inTransaction?: true;
}

/** The key was completed before: answer with the stored response. */
export interface IdempotentReplay extends StoredResponse {
  kind: 'replay';
}

export interface IdempotencyOptions {
  /** Epoch milliseconds (tests move the clock). */
  now?: () => number;
  leaseMs?: number;
}

function stateOf(item: Record<string, unknown>): IdempotencyRecordState {
  const record = item as unknown as IdempotencyItem;
  return {
    fingerprint: record.fingerprint,
    status: record.status,
    leaseUntil: record.leaseUntil,
    ttl: record.ttl,
    ...(record.response
      ? {
          response: {
            status: record.response.status,
            headers: record.response.headers,
            body: record.response.body === '' ? undefined : JSON.parse(record.response.body),
          },
        }
      : {}),
  };
}

/** Exactly the `execute` cases of decideIdempotency: absent, expired, or a crashed owner's lease for the same request. */
function executeCondition(fingerprint: string, nowMs: number) {
  return {
    ConditionExpression:
      'attribute_not_exists(pk) OR #ttl <= :nowSeconds OR (#status = :inProgress AND leaseUntil <= :nowMs AND fingerprint = :fingerprint)',
    ExpressionAttributeNames: { '#ttl': 'ttl', '#status': 'status' },
    ExpressionAttributeValues: {
      ':nowSeconds': Math.floor(nowMs / 1000),
      ':nowMs': nowMs,
      ':inProgress': 'InProgress',
      ':fingerprint': fingerprint,
    },
  };
}

/** The key of a client's record, to read it with the request's other items (one round trip). */
export const idempotencyRecordKey = (clientId: string, key: string) => keys.idempotency(clientId, key);

/**
 * The in-transaction mode: decides from the record read with the request (or its absence), with
 * no write. A live answer under the same request is replayed, another request under the key is
 * a 400, an execution still holding a lease (the lease mode's, during a deploy) a 409; otherwise
 * the request runs and writes the record inside its own transaction ({@link completionWrite}).
 */
export function executionFromRecord(
  clientId: string,
  key: string,
  fingerprint: string,
  existing: Record<string, unknown> | undefined,
  options: IdempotencyOptions = {},
): IdempotentExecution | IdempotentReplay {
  const nowMs = (options.now ?? Date.now)();
  const decision = decideIdempotency(existing ? stateOf(existing) : undefined, fingerprint, nowMs);
  switch (decision.kind) {
    case 'replay':
      return { kind: 'replay', ...decision.response };
    case 'mismatch':
      throw new IdempotencyMismatchError();
    case 'in-progress':
      throw new IdempotencyInProgressError(decision.retryAfterSeconds);
    case 'execute':
      return {
        kind: 'execute',
        clientId,
        key,
        fingerprint,
        leaseId: '',
        takeover: decision.takeover,
        inTransaction: true,
      };
  }
}

/**
 * Claims `key` for this request, or tells why not. Exactly one concurrent caller gets
 * `execute`; the others get the stored response (`replay`), or throw
 * {@link IdempotencyMismatchError} (400, another body) or {@link IdempotencyInProgressError}
 * (409 with `Retry-After`, the first is still running). One DynamoDB call.
 */
export async function beginIdempotent(
  clientId: string,
  key: string,
  fingerprint: string,
  options: IdempotencyOptions = {},
): Promise<IdempotentExecution | IdempotentReplay> {
  const nowMs = (options.now ?? Date.now)();
  const nowSeconds = Math.floor(nowMs / 1000);
  const leaseId = randomUUID();
  const item: IdempotencyItem = {
    type: 'Idempotency',
    clientId,
    key,
    fingerprint,
    status: 'InProgress',
    leaseId,
    leaseUntil: nowMs + (options.leaseMs ?? LEASE_MS),
    createdAt: new Date(nowMs).toISOString(),
    ttl: nowSeconds + RETENTION_SECONDS,
  };
  try {
    const { Attributes: previous } = await documents.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: { ...keys.idempotency(clientId, key), ...item },
        ...executeCondition(fingerprint, nowMs),
        ReturnValues: 'ALL_OLD',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    const takeover = previous?.status === 'InProgress' && Number(previous.ttl) > nowSeconds;
    return { kind: 'execute', clientId, key, fingerprint, leaseId, takeover };
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const existing = fromAttributeMap((error as { Item?: never }).Item);
    if (!existing) throw error;
    const decision = decideIdempotency(stateOf(existing), fingerprint, nowMs);
    switch (decision.kind) {
      case 'replay':
        return { kind: 'replay', ...decision.response };
      case 'mismatch':
        throw new IdempotencyMismatchError();
      case 'in-progress':
        throw new IdempotencyInProgressError(decision.retryAfterSeconds);
      case 'execute':
        // The condition and the decision encode the same rule, so this means the record changed under us.
        throw new IdempotencyInProgressError(1);
    }
  }
}

/** What the client got, as stored for replay. */
export interface ResponseToStore {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function completion(execution: IdempotentExecution, response: ResponseToStore, nowMs: number) {
  return {
    TableName: mainTableName(),
    Key: keys.idempotency(execution.clientId, execution.key),
    UpdateExpression:
      'SET #status = :completed, #response = :response, completedAt = :completedAt, #ttl = :ttl',
    ConditionExpression: '#status = :inProgress AND leaseId = :leaseId',
    ExpressionAttributeNames: { '#status': 'status', '#response': 'response', '#ttl': 'ttl' },
    ExpressionAttributeValues: {
      ':completed': 'Completed',
      ':inProgress': 'InProgress',
      ':leaseId': execution.leaseId,
      ':completedAt': new Date(nowMs).toISOString(),
      ':ttl': Math.floor(nowMs / 1000) + RETENTION_SECONDS,
      ':response': {
        status: response.status,
        headers: response.headers ?? {},
        body: response.body === undefined ? '' : JSON.stringify(response.body),
      },
    },
  };
}

/** The execution lost its lease (it stalled past it and another request took over): nothing was written. */
function leaseLost(): Error {
  return new IdempotencyInProgressError(1);
}

/**
 * The write that completes the key, to pass in `extraWrites` of the ledger call that does the
 * operation: the stored response and the money movement commit together or not at all. If
 * this execution lost its lease, the whole transaction is cancelled (409, retryable).
 */
export function completionWrite(
  execution: IdempotentExecution,
  response: ResponseToStore,
  options: IdempotencyOptions = {},
): ExtraWrite {
  if (execution.inTransaction) return recordWrite(execution, response, (options.now ?? Date.now)());
  return {
    label: 'idempotency record',
    item: { Update: completion(execution, response, (options.now ?? Date.now)()) },
    onConditionFailed: leaseLost,
  };
}

/**
 * The in-transaction mode's one write: the record, completed with its answer, put only if no live
 * record exists. A request that loses (a duplicate committed first) is told what the winner
 * stored: the same request replays it ({@link StoredAnswerFound}), another one is a 400.
 */
function recordWrite(execution: IdempotentExecution, response: ResponseToStore, nowMs: number): ExtraWrite {
  const at = new Date(nowMs).toISOString();
  const item: IdempotencyItem = {
    type: 'Idempotency',
    clientId: execution.clientId,
    key: execution.key,
    fingerprint: execution.fingerprint,
    status: 'Completed',
    leaseId: '',
    leaseUntil: nowMs,
    createdAt: at,
    completedAt: at,
    ttl: Math.floor(nowMs / 1000) + RETENTION_SECONDS,
    response: {
      status: response.status,
      headers: response.headers ?? {},
      body: response.body === undefined ? '' : JSON.stringify(response.body),
    },
  };
  return {
    label: 'idempotency record',
    item: {
      Put: {
        TableName: mainTableName(),
        Item: { ...keys.idempotency(execution.clientId, execution.key), ...item },
        ...executeCondition(execution.fingerprint, nowMs),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) => {
      const decision = current && decideIdempotency(stateOf(current), execution.fingerprint, nowMs);
      if (decision?.kind === 'replay') return new StoredAnswerFound(decision.response);
      if (decision?.kind === 'mismatch') return new IdempotencyMismatchError();
      return new IdempotencyInProgressError(1);
    },
  };
}

/** Completes the key on its own, for operations without a ledger transaction. */
export async function completeIdempotent(
  execution: IdempotentExecution,
  response: ResponseToStore,
  options: IdempotencyOptions = {},
): Promise<void> {
  try {
    await documents.send(new UpdateCommand(completion(execution, response, (options.now ?? Date.now)())));
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') throw leaseLost();
    throw error;
  }
}

/**
 * Frees the key after a failure before any effect, so the client can fix the request and
 * send it again under the same key. A record another execution took over is left alone.
 */
export async function abandonIdempotent(execution: IdempotentExecution): Promise<void> {
  // In-transaction mode: nothing was claimed, nothing to free.
  if (execution.inTransaction) return;
  try {
    await documents.send(
      new DeleteCommand({
        TableName: mainTableName(),
        Key: keys.idempotency(execution.clientId, execution.key),
        ConditionExpression: '#status = :inProgress AND leaseId = :leaseId',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':inProgress': 'InProgress', ':leaseId': execution.leaseId },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
  }
}
