import { type EventType, type NewEvent, nextSequence } from '../events.ts';
import { formatVnd } from '../money.ts';
import type { CashSession, CashSessionStatus } from './session.ts';

/** Which event a session's new status is; `AwaitingApproval` is where sessions start, never an event. */
const typeOf: Record<Exclude<CashSessionStatus, 'AwaitingApproval'>, EventType> = {
  Approved: 'cash.session.approved',
  Completed: 'cash.session.dispensed',
  // The session ended without cash leaving the machine: the hold (if any) is released.
  Reversed: 'cash.session.released',
  Expired: 'cash.session.released',
};

/**
 * The terminal client's event for a session moving from `before` to `after.status`, to be
 * written in the same transaction as the change: `cash.session.approved`,
 * `cash.session.dispensed`, or `cash.session.released` (a failed dispense, an expiry).
 */
export function cashSessionStatusChanged(
  before: Pick<CashSession, 'statusHistory'>,
  after: CashSession,
): NewEvent {
  if (after.status === 'AwaitingApproval')
    throw new RangeError('A session starts AwaitingApproval: no event');
  return {
    clientId: after.clientId,
    type: typeOf[after.status],
    resourceId: after.sessionId,
    sequence: nextSequence(before),
    occurredAt: new Date(after.statusUpdatedAt),
    data: {
      SessionId: after.sessionId,
      TerminalId: after.terminalId,
      Status: after.status,
      StatusUpdateDateTime: after.statusUpdatedAt,
      ...(after.approval ? { Amount: { Amount: formatVnd(after.approval.amount), Currency: 'VND' } } : {}),
      ...(after.withdrawal ? { WithdrawalId: after.withdrawal.withdrawalId } : {}),
    },
  };
}
