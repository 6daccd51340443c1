import { cashSessionStatusChanged } from '#domain/cash/events.ts';
import { type CashSession, sweepAction } from '#domain/cash/session.ts';
import { HoldStateError } from '#domain/ledger/errors.ts';
import { logger } from '#runtime/logger.ts';
import { expiryWrite, listOverdueCashSessions } from '#store/cash-sessions.ts';
import { eventItem } from '#store/events.ts';
import { releaseHold } from '#store/ledger/holds.ts';
import { writeTogether } from '#store/transact.ts';

/** Sessions handled per run; a backlog larger than this is finished by the next runs. */
const BATCH = 500;
/** Sessions handled at once. */
const PARALLEL = 8;

export interface SweepResult {
  /** Codes never approved, now `Expired`. */
  expired: number;
  /** Approved sessions never reported: hold released, now `Expired`. */
  released: number;
  /** Sessions that moved on meanwhile (approved, reported), left as they are. */
  skipped: number;
  /** Sessions that could not be handled now (logged); the next run tries again. */
  failed: number;
}

/** The session changed between the index read and the guarded write: nothing to do. */
class MovedOn extends Error {}

/**
 * Closes what terminals and customers left open: a code not approved within its window
 * becomes `Expired`; an `Approved` session not reported within the dispense timeout (a lost
 * report, a terminal that died mid-dispense) gets its hold released and becomes `Expired`, in
 * one transaction with its event. Every change is guarded on the session's state, so a report
 * racing the sweeper wins or loses as a whole: cash is never both booked and released.
 * `clientId` keeps to one terminal client's sessions.
 */
export async function releaseExpiredHolds(
  options: { now?: Date; clientId?: string; limit?: number } = {},
): Promise<SweepResult> {
  const now = options.now ?? new Date();
  const due = await listOverdueCashSessions({
    now,
    limit: options.limit ?? BATCH,
    ...(options.clientId ? { clientId: options.clientId } : {}),
  });
  const result: SweepResult = { expired: 0, released: 0, skipped: 0, failed: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, due.length) }, async () => {
      while (next < due.length) {
        const outcome = await sweepOne(due[next++]!, now);
        result[outcome]++;
      }
    }),
  );
  return result;
}

async function sweepOne(session: CashSession, now: Date): Promise<keyof SweepResult> {
  const action = sweepAction(session, now);
  if (!action) return 'skipped';
  const at = now.toISOString();
  const expired: CashSession = { ...session, status: 'Expired', statusUpdatedAt: at };
  const writes = [
    expiryWrite(session, at, () => new MovedOn()),
    eventItem(cashSessionStatusChanged(session, expired)),
  ];
  try {
    if (action === 'expire') {
      await writeTogether(writes);
      return 'expired';
    }
    const { holdId, accountId } = session.approval!;
    const { released } = await releaseHold({ holdId, accountId }, { extraWrites: writes, now: () => now });
    return released ? 'released' : 'skipped';
  } catch (error) {
    if (error instanceof MovedOn || error instanceof HoldStateError) return 'skipped';
    logger.error('cash session not swept', { sessionId: session.sessionId, error });
    return 'failed';
  }
}
