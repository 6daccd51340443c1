import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AmountProblem, formatVnd, MAX_VND, parseVnd, requireVnd } from '#domain/money.ts';

describe('VND wire amounts', () => {
  it.each([
    ['1', 1],
    ['150000', 150_000],
    ['9999999999999', MAX_VND],
  ])('accepts %j as %d VND', (wire, value) => {
    expect(parseVnd(wire)).toEqual({ ok: true, value });
  });

  it.each<[unknown, AmountProblem]>([
    [150000, 'NotAString'],
    [null, 'NotAString'],
    [undefined, 'NotAString'],
    [['1'], 'NotAString'],
    [{ Amount: '1' }, 'NotAString'],
    ['', 'Empty'],
    [' 150000', 'Whitespace'],
    ['150000\n', 'Whitespace'],
    ['0', 'Zero'],
    ['000', 'Zero'],
    ['-1', 'Negative'],
    ['-150000', 'Negative'],
    ['150000.50', 'Fractional'],
    ['150.000', 'Fractional'],
    ['150,000', 'Fractional'],
    ['0150000', 'LeadingZero'],
    ['10000000000000', 'TooLong'],
    ['99999999999999999999', 'TooLong'],
    ['+150000', 'NotDigits'],
    ['1e5', 'NotDigits'],
    ['150000VND', 'NotDigits'],
    ['١٥٠', 'NotDigits'],
    ['0x10', 'NotDigits'],
  ])('refuses %j as %s with a message saying what to send', (wire, problem) => {
    const result = parseVnd(wire);
    expect(result).toMatchObject({ ok: false, problem });
    expect(result.ok ? '' : result.message).toMatch(/send|greater than zero/);
  });

  it('round-trips every valid amount through parse and format', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_VND }), (amount) => {
        const parsed = parseVnd(formatVnd(amount));
        expect(parsed).toEqual({ ok: true, value: amount });
      }),
    );
  });

  it('never throws on arbitrary input and accepts only the documented pattern', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything()), (value) => {
        const result = parseVnd(value);
        expect(result.ok).toBe(typeof value === 'string' && /^[1-9][0-9]{0,12}$/.test(value));
      }),
    );
  });

  it('turns a bad field into a 400 naming its path', () => {
    expect(() => requireVnd('1.5', 'Data.InstructedAmount.Amount')).toThrow(
      expect.objectContaining({
        kind: 'invalid',
        code: 'UK.OBIE.Field.Invalid',
        details: [expect.objectContaining({ Path: 'Data.InstructedAmount.Amount' })],
      }),
    );
    expect(() => requireVnd(undefined, 'Data.Amount')).toThrow(
      expect.objectContaining({ code: 'UK.OBIE.Field.Missing' }),
    );
    expect(requireVnd('150000', 'Data.Amount')).toBe(150_000);
  });

  it('refuses to format what is not whole VND', () => {
    expect(formatVnd(0)).toBe('0');
    expect(() => formatVnd(1.5)).toThrow(RangeError);
    expect(() => formatVnd(-1)).toThrow(RangeError);
  });
});
