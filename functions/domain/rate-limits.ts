import { sha256 } from './digest.ts';

/**
 * Per-client and per-source request limits, as pure arithmetic on explicit clocks: a token
 * bucket (steady rate with a burst), a quota per UTC day, and a fixed window per source. The
 * local gateway keeps these in memory; in AWS, API Gateway usage plans and WAF rate-based
 * rules count the same limits before any Lambda runs.
 */

/** What a client may send: steady requests per second, the burst above it, requests per UTC day. */
export interface ClientLimits {
  ratePerSecond: number;
  burst: number;
  dailyQuota: number;
}

/** The answer of a limiter: allowed, or refused with what the `RateLimit-*` headers say. */
export type LimitDecision =
  | { allowed: true }
  | {
      allowed: false;
      /** The limit that was reached (requests per second, per day, or per window). */
      limit: number;
      /** Seconds until a request would be accepted again (at least 1). */
      resetSeconds: number;
      /** Which limit: the steady rate, the daily quota, or a source's window. */
      reason: 'rate' | 'quota' | 'window';
    };

const SECONDS_PER_DAY = 86_400;
/** Bounds an operator may set: a positive whole number, at most these. */
const LIMIT_BOUNDS = { ratePerSecond: 10_000, burst: 20_000, dailyQuota: 1_000_000_000 } as const;

/** Problems with limits an operator asked for, empty when they are usable. */
export function limitProblems(limits: ClientLimits): string[] {
  const problems: string[] = [];
  for (const [name, max] of Object.entries(LIMIT_BOUNDS) as [keyof ClientLimits, number][]) {
    const value = limits[name];
    if (!Number.isInteger(value) || value < 1 || value > max) {
      problems.push(`${name} must be a whole number from 1 to ${max}, got ${value}`);
    }
  }
  if (problems.length === 0 && limits.burst < limits.ratePerSecond) {
    problems.push(`burst (${limits.burst}) must be at least ratePerSecond (${limits.ratePerSecond})`);
  }
  return problems;
}

/**
 * One client's counters: a token bucket refilled at `ratePerSecond` up to `burst`, and the
 * requests of the current UTC day. Both are checked before either is charged, so a refused
 * request costs nothing.
 */
export class ClientCounter {
  private tokens: number;
  private refilledAt: number;
  private day = -1;
  private usedToday = 0;

  constructor(now: number, limits: ClientLimits) {
    this.tokens = limits.burst;
    this.refilledAt = now;
  }

  /** Charges one request at `now` (epoch ms) under `limits`, or says why not. */
  take(now: number, limits: ClientLimits): LimitDecision {
    const elapsed = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(limits.burst, this.tokens + elapsed * limits.ratePerSecond);
    this.refilledAt = now;
    const day = Math.floor(now / 1000 / SECONDS_PER_DAY);
    if (day !== this.day) {
      this.day = day;
      this.usedToday = 0;
    }
    if (this.usedToday >= limits.dailyQuota) {
      const endOfDay = (day + 1) * SECONDS_PER_DAY;
      return {
        allowed: false,
        limit: limits.dailyQuota,
        resetSeconds: Math.max(1, Math.ceil(endOfDay - now / 1000)),
        reason: 'quota',
      };
    }
    if (this.tokens < 1) {
      return {
        allowed: false,
        limit: limits.ratePerSecond,
        resetSeconds: Math.max(1, Math.ceil((1 - this.tokens) / limits.ratePerSecond)),
        reason: 'rate',
      };
    }
    this.tokens -= 1;
    this.usedToday += 1;
    return { allowed: true };
  }
}

/** Requests from one source in one fixed window of `windowSeconds`, as WAF's rate-based rules count. */
export class WindowCounter {
  private window = -1;
  private used = 0;

  /** Charges one request at `now` (epoch ms) against `limit` per window, or says when to come back. */
  take(now: number, limit: number, windowSeconds: number): LimitDecision {
    const window = Math.floor(now / 1000 / windowSeconds);
    if (window !== this.window) {
      this.window = window;
      this.used = 0;
    }
    if (this.used >= limit) {
      const end = (window + 1) * windowSeconds;
      return {
        allowed: false,
        limit,
        resetSeconds: Math.max(1, Math.ceil(end - now / 1000)),
        reason: 'window',
      };
    }
    this.used += 1;
    return { allowed: true };
  }

  /** Whether the window it counted has ended by `now`, so the counter can be forgotten. */
  ended(now: number, windowSeconds: number): boolean {
    return Math.floor(now / 1000 / windowSeconds) !== this.window;
  }
}

/**
 * The API Gateway API key value that identifies a client's usage (the Lambda authorizer returns
 * it as `usageIdentifierKey`). Derived from the client id, so neither the authorizer nor anyone
 * else needs a lookup; it is no secret, because with the key source AUTHORIZER a key sent by a
 * caller is ignored. 64 hex characters after a fixed prefix: within API Gateway's 20–128.
 */
export async function usageKeyOf(clientId: string): Promise<string> {
  return `obclient${await sha256(clientId, 'hex')}`;
}
