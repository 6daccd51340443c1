import { createHash } from 'node:crypto';
import { DomainError, invalid } from './errors.ts';

/**
 * Idempotency as Stripe defines it, for every POST that moves money or creates a resource:
 * the first response is stored and replayed to retries, the same key with another request
 * is refused, and concurrent requests under one key execute once. These are the pure
 * decisions; `functions/store/idempotency.ts` applies them with conditional writes.
 */

/** How long an execution owns a key before a retry may take over (a crashed Lambda never completes). */
export const LEASE_MS = 30_000;
/** How long a key is remembered: at least 24 h (UK OB `x-idempotency-key`). */
export const RETENTION_SECONDS = 24 * 60 * 60;

/** 1–40 printable ASCII characters, no leading or trailing space. */
const KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,38}[\x21-\x7e])?$/;

/** Whether `key` is a well-formed `x-idempotency-key`. */
export function isIdempotencyKey(key: string): boolean {
  return KEY.test(key);
}

/** The `x-idempotency-key` header's value, or a 400 saying what to send. */
export function requireIdempotencyKey(value: string | undefined): string {
  if (value === undefined || value === '') {
    throw invalid(
      'UK.OBIE.Header.Missing',
      'x-idempotency-key is required: send a unique value (1–40 printable characters, e.g. a UUID) per new request, and the same value when retrying it.',
      { path: 'x-idempotency-key' },
    );
  }
  if (!isIdempotencyKey(value)) {
    throw invalid(
      'UK.OBIE.Header.Invalid',
      'x-idempotency-key must be 1–40 printable ASCII characters without leading or trailing spaces (a UUID works).',
      { path: 'x-idempotency-key' },
    );
  }
  return value;
}

/**
 * JSON with object keys sorted at every level, so key order and whitespace do not change a
 * fingerprint. Walks the value with its own stack, not by recursion, so no nesting depth can
 * overflow the call stack (the HTTP chain also caps a body's depth before parsing it).
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  /** An array or object being written: its remaining members, and how to close it. */
  interface Open {
    container: object;
    members: [key: string | undefined, member: unknown][];
    next: number;
    close: ']' | '}';
  }
  const stack: Open[] = [];
  const onStack = new Set<object>();
  const write = (member: unknown): void => {
    if (member === null || typeof member !== 'object') {
      out.push(JSON.stringify(member) ?? 'null');
      return;
    }
    if (onStack.has(member)) throw new TypeError('canonicalJson: the value contains itself');
    onStack.add(member);
    if (Array.isArray(member)) {
      out.push('[');
      const items = Array.from(member, (item): [undefined, unknown] => [undefined, item ?? null]);
      stack.push({ container: member, members: items, next: 0, close: ']' });
    } else {
      out.push('{');
      const entries = Object.entries(member as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      stack.push({ container: member, members: entries, next: 0, close: '}' });
    }
  };
  write(value);
  while (stack.length > 0) {
    const open = stack[stack.length - 1]!;
    if (open.next === open.members.length) {
      out.push(open.close);
      onStack.delete(open.container);
      stack.pop();
      continue;
    }
    const [key, member] = open.members[open.next]!;
    if (open.next > 0) out.push(',');
    open.next += 1;
    if (key !== undefined) out.push(`${JSON.stringify(key)}:`);
    write(member);
  }
  return out.join('');
}

/**
 * The request's fingerprint: SHA-256 (hex) of the upper-cased method, the path and the
 * canonical JSON body. The same key with a different fingerprint is a mismatch.
 *
 * @example requestFingerprint({ method: 'POST', path: '/v1/pisp/domestic-payments', body })
 */
export function requestFingerprint(request: { method: string; path: string; body: unknown }): string {
  return createHash('sha256')
    .update(`${request.method.toUpperCase()}\n${request.path}\n${canonicalJson(request.body)}`)
    .digest('hex');
}

/** A stored response, as replayed. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The facts of an existing record the decision needs. */
export interface IdempotencyRecordState {
  fingerprint: string;
  status: 'InProgress' | 'Completed';
  leaseUntil: number;
  /** Epoch seconds after which the record no longer counts (DynamoDB deletes it some time later). */
  ttl: number;
  response?: StoredResponse;
}

export type IdempotencyDecision =
  /** No live record: run the operation. `takeover` when a crashed execution's lease expired. */
  | { kind: 'execute'; takeover: boolean }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'mismatch' }
  | { kind: 'in-progress'; retryAfterSeconds: number };

/**
 * What to do with a request, given the record already stored under its key (if any).
 * The store's conditional write encodes the `execute` cases of this function exactly.
 */
export function decideIdempotency(
  existing: IdempotencyRecordState | undefined,
  fingerprint: string,
  nowMs: number,
): IdempotencyDecision {
  if (!existing || existing.ttl <= Math.floor(nowMs / 1000)) return { kind: 'execute', takeover: false };
  if (existing.fingerprint !== fingerprint) return { kind: 'mismatch' };
  if (existing.status === 'Completed' && existing.response)
    return { kind: 'replay', response: existing.response };
  if (existing.leaseUntil <= nowMs) return { kind: 'execute', takeover: true };
  return {
    kind: 'in-progress',
    retryAfterSeconds: Math.max(1, Math.ceil((existing.leaseUntil - nowMs) / 1000)),
  };
}

/** 400: the key was used for a different request. */
export class IdempotencyMismatchError extends DomainError {
  override name = 'IdempotencyMismatchError';
  constructor() {
    super(
      'invalid',
      'VN.OB.Idempotency.Mismatch',
      'This x-idempotency-key was already used with a different request; use a new key for a new request.',
      { path: 'x-idempotency-key' },
    );
  }
}

/** 409: another request with this key is still running; retry after `Retry-After` seconds. */
export class IdempotencyInProgressError extends DomainError {
  override name = 'IdempotencyInProgressError';
  constructor(retryAfterSeconds: number) {
    super(
      'busy',
      'VN.OB.Idempotency.InProgress',
      'A request with this x-idempotency-key is still being processed; retry it shortly to get its result.',
      { path: 'x-idempotency-key', retryAfterSeconds },
    );
  }
}

/**
 * Not a failure: this request lost, inside its own transaction, to an earlier request under the
 * same key whose answer is stored; the chain answers with that stored answer.
 */
export class StoredAnswerFound extends Error {
  override name = 'StoredAnswerFound';
  constructor(readonly response: StoredResponse) {
    super('an earlier request under this x-idempotency-key was answered; replaying its answer');
  }
}
