import { describe, expect, it } from 'vitest';
import {
  ClientCounter,
  limitProblems,
  usageKeyOf,
  WindowCounter,
} from '../../functions/domain/rate-limits.ts';

const limits = { ratePerSecond: 2, burst: 4, dailyQuota: 10 };
const noon = Date.UTC(2026, 11, 2, 12, 0, 0);

describe('a client counter (token bucket and daily quota)', () => {
  it('lets a burst through, then refills at the steady rate', () => {
    // Prepare
    const counter = new ClientCounter(noon, limits);

    // Act
    const burst = Array.from({ length: 5 }, () => counter.take(noon, limits));
    const halfSecondLater = counter.take(noon + 500, limits);
    const tooSoon = counter.take(noon + 500, limits);

    // Assess
    expect(burst.map((decision) => decision.allowed)).toEqual([true, true, true, true, false]);
    expect(burst[4]).toEqual({ allowed: false, limit: 2, resetSeconds: 1, reason: 'rate' });
    expect(halfSecondLater.allowed).toBe(true);
    expect(tooSoon.allowed).toBe(false);
  });

  it('refuses past the daily quota until 00:00 UTC, and counts afresh the next day', () => {
    // Prepare
    const counter = new ClientCounter(noon, limits);

    // Act: one request a second, within the rate, eleven times.
    const answers = Array.from({ length: 11 }, (_, i) => counter.take(noon + (i + 1) * 1000, limits));
    const nextDay = counter.take(Date.UTC(2026, 11, 3, 0, 0, 1), limits);

    // Assess
    expect(answers.filter((answer) => answer.allowed)).toHaveLength(10);
    expect(answers[10]).toEqual({ allowed: false, limit: 10, resetSeconds: 12 * 3600 - 11, reason: 'quota' });
    expect(nextDay.allowed).toBe(true);
  });

  it('charges nothing for a refused request', () => {
    // Prepare
    const counter = new ClientCounter(noon, { ratePerSecond: 1, burst: 1, dailyQuota: 1000 });
    counter.take(noon, { ratePerSecond: 1, burst: 1, dailyQuota: 1000 });

    // Act: hammered within the second, then asked after it.
    for (let i = 0; i < 50; i++)
      counter.take(noon + 10 * i, { ratePerSecond: 1, burst: 1, dailyQuota: 1000 });
    const after = counter.take(noon + 1000, { ratePerSecond: 1, burst: 1, dailyQuota: 1000 });

    // Assess
    expect(after.allowed).toBe(true);
  });
});

describe('a window counter (per source)', () => {
  it('counts in fixed windows and says when the window ends', () => {
    // Prepare
    const counter = new WindowCounter();
    const start = Date.UTC(2026, 11, 2, 12, 0, 0);

    // Act
    const inWindow = Array.from({ length: 4 }, (_, i) => counter.take(start + i * 1000, 3, 60));
    const nextWindow = counter.take(start + 60_000, 3, 60);

    // Assess
    expect(inWindow.map((decision) => decision.allowed)).toEqual([true, true, true, false]);
    expect(inWindow[3]).toEqual({ allowed: false, limit: 3, resetSeconds: 57, reason: 'window' });
    expect(nextWindow.allowed).toBe(true);
    expect(counter.ended(start + 120_000, 60)).toBe(true);
  });
});

describe('limits an operator may set', () => {
  it('takes whole numbers in range with a burst of at least the rate', () => {
    expect(limitProblems({ ratePerSecond: 20, burst: 40, dailyQuota: 50_000 })).toEqual([]);
    expect(limitProblems({ ratePerSecond: 0, burst: 40, dailyQuota: 50_000 })).toEqual([
      'ratePerSecond must be a whole number from 1 to 10000, got 0',
    ]);
    expect(limitProblems({ ratePerSecond: 2.5, burst: 40, dailyQuota: 1 })).toHaveLength(1);
    expect(limitProblems({ ratePerSecond: 20, burst: 10, dailyQuota: 50_000 })).toEqual([
      'burst (10) must be at least ratePerSecond (20)',
    ]);
  });
});

describe('the usage key of a client', () => {
  it('is stable, distinct per client and within API Gateway’s 20 to 128 characters', async () => {
    expect(await usageKeyOf('client-a')).toBe(await usageKeyOf('client-a'));
    expect(await usageKeyOf('client-a')).not.toBe(await usageKeyOf('client-b'));
    expect(await usageKeyOf('x')).toMatch(/^[a-z0-9]{20,128}$/);
  });
});
