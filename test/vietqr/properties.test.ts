import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripDiacritics } from '#domain/vietqr/charset.ts';
import { decodeVietQr } from '#domain/vietqr/decode.ts';
import { encodeVietQr } from '#domain/vietqr/encode.ts';
import { asciiText, validInput } from './support/arbitraries.ts';

function encoded(input: Parameters<typeof encodeVietQr>[0]): string {
  const result = encodeVietQr(input);
  if (!result.ok) throw new Error(`refused valid input: ${JSON.stringify(result.errors)}`);
  return result.payload;
}

describe('VietQR properties', () => {
  it('decodes every encoded input back to that input', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        // Act
        const decoded = decodeVietQr(encoded(input));
        // Assess
        const { fields } = decoded;
        expect(decoded.problems).toEqual([]);
        expect(fields).toMatchObject({
          bankBin: input.bankBin,
          accountNumber: input.accountNumber,
          service: input.service,
          pointOfInitiation: input.amount !== undefined || input.service === 'QRCASH' ? '12' : '11',
        });
        expect(fields.amount).toBe(input.amount);
        expect(fields.purpose).toBe(input.purpose && stripDiacritics(input.purpose));
        expect(fields.billNumber).toBe(input.billNumber);
        expect(fields.reference).toBe(input.reference);
        expect(fields.terminal).toBe(input.terminal);
        // The name and city come back as written, from tag 64 when they had diacritics.
        expect(fields.alternateLanguage?.merchantName ?? fields.merchantName).toBe(input.merchantName);
        expect(fields.alternateLanguage?.city ?? fields.city).toBe(input.city);
        expect(fields.merchantName).toBe(input.merchantName && stripDiacritics(input.merchantName));
      }),
      { numRuns: 400 },
    );
  });

  it('refuses tag-62 overflows, naming one of the tag-62 fields', () => {
    const overflowing = fc
      // Four fields of 21+ characters take at least 4 × (4 + 21) = 100 > 99.
      .record({
        billNumber: asciiText(25, 21),
        reference: asciiText(25, 21),
        terminal: asciiText(25, 21),
        purpose: asciiText(25, 21),
      })
      .map((extra) => ({ bankBin: '970415', accountNumber: '0011001932418', service: 'QRIBFTTA', ...extra }));
    fc.assert(
      fc.property(overflowing, (input) => {
        const result = encodeVietQr(input);
        expect(result.ok).toBe(false);
        if (!result.ok)
          expect(['billNumber', 'reference', 'terminal', 'purpose']).toContain(result.errors[0]!.field);
      }),
      { numRuns: 100 },
    );
  });

  it('never throws on arbitrary strings, and calls valid only what has a valid CRC', () => {
    const anything = fc.oneof(
      fc.string({ maxLength: 600 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(...'0123456789ABCDEFabcdef6304'), maxLength: 300 }),
    );
    fc.assert(
      fc.property(anything, (payload) => {
        const decoded = decodeVietQr(payload);
        expect(typeof decoded.valid).toBe('boolean');
        if (decoded.valid) expect(decoded.crcValid).toBe(true);
        for (const problem of decoded.problems) {
          expect(problem.path).toMatch(/^(Payload|\d{2}(\/\d{2})*|02-51)$/);
          expect(problem.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on damaged real payloads (cut, spliced, characters replaced)', () => {
    const damaged = fc
      .tuple(validInput, fc.nat(), fc.nat(), fc.string({ maxLength: 8, unit: 'binary' }))
      .map(([input, a, b, insert]) => {
        const payload = encoded(input);
        const [from, to] = [a % (payload.length + 1), b % (payload.length + 1)].sort((x, y) => x - y);
        return payload.slice(0, from) + insert + payload.slice(to!);
      });
    fc.assert(
      fc.property(damaged, (payload) => {
        expect(() => decodeVietQr(payload)).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('detects every single-character substitution of a valid payload', () => {
    const printable = fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code));
    fc.assert(
      fc.property(validInput, fc.nat(), printable, (input, at, replacement) => {
        const payload = encoded(input);
        const index = at % payload.length;
        const original = payload[index]!;
        // The CRC's hex digits may be written in either case: that is no change.
        fc.pre(original.toLowerCase() !== replacement.toLowerCase() || index < payload.length - 4);
        fc.pre(original !== replacement);
        const tampered = payload.slice(0, index) + replacement + payload.slice(index + 1);
        expect(decodeVietQr(tampered).valid).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
