import type { NewEvent } from '../events.ts';
import { formatVnd } from '../money.ts';
import type { CashSession } from './session.ts';

/**
 * The terminal client's `cash_withdrawal.status_changed` event for a session now in its
 * current status, to be written in the same transaction as the change.
 */
export function cashSessionStatusChanged(session: CashSession): NewEvent {
  return {
    clientId: session.clientId,
    type: 'cash_withdrawal.status_changed',
    occurredAt: new Date(session.statusUpdatedAt),
    data: {
      SessionId: session.sessionId,
      TerminalId: session.terminalId,
      Status: session.status,
      ...(session.approval
        ? { Amount: { Amount: formatVnd(session.approval.amount), Currency: 'VND' } }
        : {}),
      ...(session.withdrawal ? { WithdrawalId: session.withdrawal.withdrawalId } : {}),
    },
  };
}
