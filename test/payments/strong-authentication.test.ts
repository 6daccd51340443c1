import { describe, expect, it } from 'vitest';
import {
  DAILY_TOTAL_LIMIT,
  dailyHeadroom,
  requiresStepUp,
  SINGLE_TRANSFER_LIMIT,
  stepUpReasons,
} from '../../functions/domain/payments/strong-authentication.ts';

const intra = { bookedToday: 0, interbank: false };

describe('step-up rule (Decision 2345/QĐ-NHNN, Circular 09/2020)', () => {
  it.each([
    [9_999_999, false],
    [10_000_000, false],
    [10_000_001, true],
  ])('a single payment of %i VND needs the step-up: %s', (amount, expected) => {
    // Act
    const required = requiresStepUp({ ...intra, amount });
    // Assess
    expect(required).toBe(expected);
    expect(stepUpReasons({ ...intra, amount })).toEqual(expected ? ['Amount'] : []);
  });

  it.each([
    [19_999_999, 1, false],
    [19_999_999, 2, true],
    [10_000_000, 10_000_000, false],
    [10_000_001, 10_000_000, true],
    [0, 10_000_000, false],
  ])('with %i VND booked today, %i more needs the step-up: %s', (bookedToday, amount, expected) => {
    // Act
    const reasons = stepUpReasons({ amount, bookedToday, interbank: false });
    // Assess
    expect(reasons.includes('DailyTotal')).toBe(expected);
    expect(bookedToday + amount > DAILY_TOTAL_LIMIT).toBe(expected);
  });

  it('names every reason that applies, the interbank MFA threshold of Circular 09/2020 included', () => {
    // Act
    const interbank = stepUpReasons({ amount: 100_000_000, bookedToday: 0, interbank: true });
    const below = stepUpReasons({ amount: 99_999_999, bookedToday: 0, interbank: true });
    const withinBank = stepUpReasons({ amount: 100_000_000, bookedToday: 0, interbank: false });
    // Assess
    expect(interbank).toEqual(['Amount', 'DailyTotal', 'InterbankAmount']);
    expect(below).toEqual(['Amount', 'DailyTotal']);
    expect(withinBank).toEqual(['Amount', 'DailyTotal']);
  });

  it('gives a consent authorised without the step-up exactly the headroom that keeps the day at the limit', () => {
    // Act
    const headrooms = [1, 9_999_999, SINGLE_TRANSFER_LIMIT, SINGLE_TRANSFER_LIMIT + 1].map(dailyHeadroom);
    // Assess
    expect(headrooms).toEqual([19_999_999, 10_000_001, 10_000_000, undefined]);
    for (const amount of [1, 5_000_000, 10_000_000]) {
      const headroom = dailyHeadroom(amount)!;
      expect(requiresStepUp({ amount, bookedToday: headroom, interbank: false })).toBe(false);
      expect(requiresStepUp({ amount, bookedToday: headroom + 1, interbank: false })).toBe(true);
    }
  });
});
