/**
 * How sign-in attempts are throttled, as pure rules (the store applies them atomically).
 *
 * - Per username: the first {@link FREE_ATTEMPTS} failures cost nothing; after that each further
 *   attempt must wait 2^k seconds since the last one (4 s, 8 s, 16 s, …: k = failures beyond the
 *   free ones, plus two), capped at {@link MAX_DELAY_SECONDS}. An attempt counts as a failure from the moment it is
 *   claimed, before its password is judged, and a success clears the count. A refused attempt
 *   changes nothing, so hammering a username never lengthens its delay: a victim waits at most
 *   the cap after the last attempt that was actually judged.
 * - Per source address: at most {@link SOURCE_ATTEMPTS_PER_WINDOW} attempts that did not
 *   succeed in a {@link SOURCE_WINDOW_SECONDS}-second window, across all usernames, so one
 *   source can neither guess widely nor hold many customers in their delay.
 */

/** Failed attempts per username that carry no delay. */
export const FREE_ATTEMPTS = 5;
/** The longest a username ever waits between judged attempts. */
const MAX_DELAY_SECONDS = 300;
/** Attempts per source address (failed or still being judged) within one window. */
export const SOURCE_ATTEMPTS_PER_WINDOW = 30;
/** The per-source window. */
export const SOURCE_WINDOW_SECONDS = 10 * 60;
/** How long a username's failures are remembered after its last attempt. */
export const FAILURE_MEMORY_SECONDS = 24 * 3600;

/** A username's attempts as stored. */
interface UsernameAttempts {
  /** Attempts claimed since the last success (each counts as failed until judged right). */
  failures: number;
  /** Epoch seconds (fractional) of the last claimed attempt. */
  lastAttemptAt: number;
}

/** Seconds a username must wait after its last attempt when it has this many failures. */
export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(2 ** (failures - FREE_ATTEMPTS + 2), MAX_DELAY_SECONDS);
}

/**
 * Whether a new attempt on this username may be judged now: `claim` gives the state to store
 * (written atomically, before judging); otherwise how long to wait.
 *
 * @example decideAttempt({ failures: 5, lastAttemptAt: 100 }, 101) // { allowed: false, retryAfterSeconds: 3 }
 */
export function decideAttempt(
  current: UsernameAttempts | undefined,
  now: number,
): { allowed: true; claim: UsernameAttempts } | { allowed: false; retryAfterSeconds: number } {
  const failures = current?.failures ?? 0;
  const readyAt = (current?.lastAttemptAt ?? 0) + delayAfter(failures);
  if (now < readyAt) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(readyAt - now)) };
  return { allowed: true, claim: { failures: failures + 1, lastAttemptAt: now } };
}

/** The per-source window an instant falls in (its start, epoch seconds). */
export function sourceWindow(now: number): number {
  return Math.floor(now / SOURCE_WINDOW_SECONDS) * SOURCE_WINDOW_SECONDS;
}
