/**
 * One event's delivery to one endpoint, and the rules of retrying it (Standard Webhooks,
 * Svix's schedule). DynamoDB holds this record as the truth: the queue only says "look at it now".
 */
export interface WebhookDelivery {
  endpointId: string;
  clientId: string;
  /** The `webhook-id`: the event's id, the same on every attempt, so receivers deduplicate. */
  eventId: string;
  eventType: string;
  occurredAt: string;
  data: Record<string, unknown>;
  status: 'Pending' | 'Delivered' | 'Failed';
  /** Attempts made so far (all rounds). */
  attempts: number;
  /** Attempts made before the current round (a replay starts a new round with a full schedule). */
  roundStart: number;
  /** When the next attempt is due (Pending only); while an attempt runs, when it counts as lost. */
  nextAttemptAt?: string;
  lastAttemptAt?: string;
  lastStatusCode?: number;
  lastResponseMs?: number;
  lastError?: string;
  /** How often the sweeper put this attempt back on the queue (each time it waits twice as long). */
  sweeps?: number;
  createdAt: string;
  deliveredAt?: string;
}

/** What one attempt did, as `GET …/attempts` lists it. */
export interface DeliveryAttempt {
  endpointId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  attemptedAt: string;
  outcome: AttemptOutcome['kind'];
  statusCode?: number;
  responseMs: number;
  error?: string;
}

/** The message a queue carries: which delivery to look at, and which attempt the sender expected. */
export interface DeliveryMessage {
  clientId: string;
  endpointId: string;
  eventId: string;
  occurredAt: string;
  attempts: number;
}

/** Standard Webhooks' body: `{ type, timestamp, data }`. */
export function webhookBody(delivery: Pick<WebhookDelivery, 'eventType' | 'occurredAt' | 'data'>): string {
  return JSON.stringify({ type: delivery.eventType, timestamp: delivery.occurredAt, data: delivery.data });
}

export const messageOf = (delivery: WebhookDelivery): DeliveryMessage => ({
  clientId: delivery.clientId,
  endpointId: delivery.endpointId,
  eventId: delivery.eventId,
  occurredAt: delivery.occurredAt,
  attempts: delivery.attempts,
});

/** How an attempt ended, from the receiver's answer (or its silence). */
export type AttemptOutcome =
  | { kind: 'Delivered' }
  /** 410: the receiver says the endpoint is gone: it is disabled, nothing more is sent. */
  | { kind: 'Gone' }
  /** 429, 502, 504: slow down, at least as long as `Retry-After` says. */
  | { kind: 'Throttled'; retryAfterMs?: number }
  /** Any other answer, a redirect (never followed), a timeout or a network error. */
  | { kind: 'Failed'; retryAfterMs?: number };

const THROTTLE = new Set([429, 502, 504]);

/** Classifies an HTTP status (2xx only counts; 3xx is a failure, as Standard Webhooks says). */
export function outcomeOf(status: number, retryAfter: string | undefined, now: Date): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'Delivered' };
  if (status === 410) return { kind: 'Gone' };
  const wait = retryAfterMs(retryAfter, now);
  const extra = wait === undefined ? {} : { retryAfterMs: wait };
  return THROTTLE.has(status) ? { kind: 'Throttled', ...extra } : { kind: 'Failed', ...extra };
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; capped at a day. */
function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now.getTime();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), 24 * 60 * 60 * 1000);
}

/** When retries happen: the waits after each failed attempt of a round, with jitter. */
export interface RetrySchedule {
  /** Wait after the 1st, 2nd, … failed attempt; a round ends failed after `delaysMs.length + 1` attempts. */
  delaysMs: readonly number[];
  /** Each wait is drawn from `[wait × (1 − jitter), wait × (1 + jitter)]`. */
  jitter: number;
}

/**
 * Svix's schedule: immediately, then after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: the
 * last attempt comes about 27.6 h after the first, past the 24 h Standard Webhooks asks for.
 * The first retry stays within 10 s even with jitter, as the contract promises.
 */
const svixSchedule: RetrySchedule = {
  delaysMs: [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000],
  jitter: 0.2,
};

/**
 * The wait before the next attempt after the `failed`-th failure of a round, or undefined
 * when the round is exhausted. A `Retry-After` longer than the schedule's wait wins.
 */
export function nextDelayMs(
  schedule: RetrySchedule,
  failed: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  const base = schedule.delaysMs[failed - 1];
  if (base === undefined) return undefined;
  const jittered = Math.round(base * (1 - schedule.jitter + 2 * schedule.jitter * random()));
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Parses `WEBHOOK_RETRY_DELAYS_MS` (`"5000,300000,…"`); the Svix schedule when absent. */
export function scheduleFrom(value: string | undefined): RetrySchedule {
  if (!value) return svixSchedule;
  const delaysMs = value.split(',').map((part) => Number(part.trim()));
  if (delaysMs.some((ms) => !Number.isInteger(ms) || ms < 0)) {
    throw new RangeError(`WEBHOOK_RETRY_DELAYS_MS must list whole milliseconds, not ${value}`);
  }
  return { delaysMs, jitter: svixSchedule.jitter };
}

/** An endpoint failing this long without a success is disabled and its owner told. */
export const DISABLE_AFTER_MS = 5 * 24 * 60 * 60 * 1000;
