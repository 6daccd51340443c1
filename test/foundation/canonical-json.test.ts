import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, requestFingerprint } from '../../functions/domain/idempotency.ts';

/** The definition, written recursively: what every stored fingerprint was computed with. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => reference(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('canonical JSON of a request body', () => {
  it('writes what the recursive definition writes, for any JSON value (fingerprints stay stable)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
  });

  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: [{ d: 1, c: undefined }, undefined], a: { z: null, y: 'é' } })).toBe(
      '{"a":{"y":"é","z":null},"b":[{"d":1},null]}',
    );
  });

  it('handles a value nested 100,000 levels deep without overflowing the stack', () => {
    // Prepare: what JSON.parse (which does not recurse) makes of such a body
    const depth = 100_000;
    const text = `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`;
    const value = JSON.parse(text);
    // Act
    const fingerprint = () => requestFingerprint({ method: 'POST', path: '/v1/qr/decode', body: value });
    // Assess
    expect(canonicalJson(value)).toBe(text);
    expect(fingerprint).not.toThrow();
  });

  it('refuses a value that contains itself instead of looping', () => {
    const looped: Record<string, unknown> = { a: 1 };
    looped.self = [looped];
    expect(() => canonicalJson(looped)).toThrow(TypeError);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});
