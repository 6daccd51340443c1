import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  decideIdempotency,
  type IdempotencyRecordState,
  isIdempotencyKey,
  requestFingerprint,
  requireIdempotencyKey,
} from '#domain/idempotency.ts';

const now = 1_750_000_000_000;
const record = (overrides: Partial<IdempotencyRecordState> = {}): IdempotencyRecordState => ({
  fingerprint: 'fp',
  status: 'InProgress',
  leaseUntil: now + 10_000,
  ttl: now / 1000 + 3_600,
  ...overrides,
});

describe('idempotency rules', () => {
  it.each([
    ['a', true],
    ['4f9a7c2e-1b3d-4e5f-8a9b-0c1d2e3f4a5b', true],
    ['x'.repeat(40), true],
    ['pay 2025/03 #1', true],
    ['', false],
    ['x'.repeat(41), false],
    [' leading', false],
    ['trailing ', false],
    ['tab\there', false],
    ['khóa', false],
  ])('treats key %j as well-formed: %s', (key, valid) => {
    expect(isIdempotencyKey(key)).toBe(valid);
  });

  it('answers a missing or malformed header with a 400 on x-idempotency-key', () => {
    expect(() => requireIdempotencyKey(undefined)).toThrow(
      expect.objectContaining({ kind: 'invalid', code: 'UK.OBIE.Header.Missing' }),
    );
    expect(() => requireIdempotencyKey('x'.repeat(41))).toThrow(
      expect.objectContaining({
        code: 'UK.OBIE.Header.Invalid',
        details: [expect.objectContaining({ Path: 'x-idempotency-key' })],
      }),
    );
  });

  it('fingerprints the request, not its key order or whitespace', () => {
    const a = requestFingerprint({ method: 'post', path: '/v1/x', body: { b: 1, a: { d: [1, 2], c: 'é' } } });
    const b = requestFingerprint({ method: 'POST', path: '/v1/x', body: { a: { c: 'é', d: [1, 2] }, b: 1 } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint({ method: 'POST', path: '/v1/y', body: { b: 1 } })).not.toBe(
      requestFingerprint({ method: 'POST', path: '/v1/x', body: { b: 1 } }),
    );
    expect(requestFingerprint({ method: 'POST', path: '/v1/x', body: { a: [2, 1] } })).not.toBe(
      requestFingerprint({ method: 'POST', path: '/v1/x', body: { a: [1, 2] } }),
    );
    expect(canonicalJson({ b: undefined, a: null })).toBe('{"a":null}');
  });

  it.each<[string, IdempotencyRecordState | undefined, string, ReturnType<typeof decideIdempotency>]>([
    ['no record', undefined, 'fp', { kind: 'execute', takeover: false }],
    ['an expired record', record({ ttl: now / 1000 - 1 }), 'other', { kind: 'execute', takeover: false }],
    ['another request', record({ status: 'Completed' }), 'other', { kind: 'mismatch' }],
    ['another request in progress', record(), 'other', { kind: 'mismatch' }],
    [
      'a completed record',
      record({ status: 'Completed', response: { status: 201, headers: {}, body: { a: 1 } } }),
      'fp',
      { kind: 'replay', response: { status: 201, headers: {}, body: { a: 1 } } },
    ],
    [
      'a live lease',
      record({ leaseUntil: now + 2_500 }),
      'fp',
      { kind: 'in-progress', retryAfterSeconds: 3 },
    ],
    ['an expired lease', record({ leaseUntil: now }), 'fp', { kind: 'execute', takeover: true }],
  ])('decides on %s', (_case, existing, fingerprint, decision) => {
    expect(decideIdempotency(existing, fingerprint, now)).toEqual(decision);
  });
});
