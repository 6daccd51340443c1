import { cashErrors } from '#domain/cash/errors.ts';
import { cashSessionStatusChanged } from '#domain/cash/events.ts';
import type { CashWithdrawalReport } from '#domain/cash/requests.ts';
import { ATM_CATEGORY_CODE, CASH_WITHDRAWAL_CODE } from '#domain/cash/rules.ts';
import {
  type CashSession,
  type CashWithdrawalRecord,
  newWithdrawalId,
  reportRefusal,
} from '#domain/cash/session.ts';
import { bankAccounts } from '#domain/ledger/accounts.ts';
import { HoldStateError } from '#domain/ledger/errors.ts';
import { newLedgerId, type TransferInstruction } from '#domain/ledger/transfer.ts';
import { ensureAtmCashAccount, getCashSession, reportWrite } from '#store/cash-sessions.ts';
import { eventItem } from '#store/events.ts';
import { releaseHold, settleHold } from '#store/ledger/holds.ts';
import type { ExtraWrite } from '#store/transact.ts';
import { getOwnCashSession } from './get-own-cash-session.ts';

/**
 * The terminal reports the dispense of an `Approved` session it opened. `Dispensed` settles the
 * hold (a posting from the customer's account to the bank's ATM cash account; session
 * `Completed`), `Failed` releases it (session `Reversed`), each in ONE transaction with the
 * session's change, the event and `answerWrites` of the reported session. A session takes one
 * report: whichever report commits first wins, any other is refused, so cash is booked once.
 * Resolves the reported session.
 */
export async function reportWithdrawal(
  clientId: string,
  report: CashWithdrawalReport,
  answerWrites: (reported: CashSession) => ExtraWrite[],
  now = new Date(),
): Promise<CashSession> {
  const session = await getOwnCashSession(clientId, report.sessionId);
  const refused = reportRefusal(session, now);
  if (refused) throw refused;

  const approval = session.approval!;
  const withdrawal: CashWithdrawalRecord = {
    withdrawalId: newWithdrawalId(),
    outcome: report.outcome,
    reportedAt: now.toISOString(),
    ...(report.failureReason ? { failureReason: report.failureReason } : {}),
    ...(report.outcome === 'Dispensed' ? { postingId: newLedgerId('pst') } : {}),
  };
  const status = report.outcome === 'Dispensed' ? 'Completed' : 'Reversed';
  const reported: CashSession = { ...session, status, statusUpdatedAt: withdrawal.reportedAt, withdrawal };
  const extraWrites = [
    reportWrite(session, withdrawal, (current) =>
      current
        ? (reportRefusal(current, now) ?? cashErrors.alreadyReported(current.status))
        : cashErrors.sessionNotFound(session.sessionId),
    ),
    eventItem(cashSessionStatusChanged(reported)),
    ...answerWrites(reported),
  ];

  try {
    let booked: boolean;
    if (report.outcome === 'Dispensed') {
      await ensureAtmCashAccount();
      const transfer = settlement(session, withdrawal);
      booked = (await settleHold({ holdId: approval.holdId, transfer }, { extraWrites })).settled;
    } else {
      const hold = { holdId: approval.holdId, accountId: approval.accountId };
      booked = (await releaseHold(hold, { extraWrites })).released;
    }
    // The hold had already moved on (another report, or the sweeper): this report changed nothing.
    if (!booked) throw await currentRefusal(session.sessionId, now);
  } catch (error) {
    if (error instanceof HoldStateError) throw await currentRefusal(session.sessionId, now);
    throw error;
  }
  return reported;
}

/** The posting of a dispensed withdrawal: what each side's statement shows. */
function settlement(
  session: CashSession,
  withdrawal: CashWithdrawalRecord,
): Omit<TransferInstruction, 'amount'> {
  const atm = session.location?.name ?? `ATM ${session.terminalId}`;
  return {
    kind: 'cash-withdrawal',
    postingId: withdrawal.postingId!,
    sourceId: withdrawal.withdrawalId,
    clientId: session.clientId,
    reference: session.reference,
    debit: {
      accountId: session.approval!.accountId,
      description: `Rút tiền mặt bằng mã QR tại ${atm} (${session.terminalId})`,
      bankTransactionCode: CASH_WITHDRAWAL_CODE,
      merchant: { name: atm, categoryCode: ATM_CATEGORY_CODE },
    },
    credit: {
      accountId: bankAccounts.atmCash,
      description: `Chi tiền mặt QR tại ${session.terminalId}, phiên ${session.sessionId}`,
      bankTransactionCode: CASH_WITHDRAWAL_CODE,
    },
  };
}

/** Why the report came too late, from the session as it now stands. */
async function currentRefusal(sessionId: string, now: Date): Promise<Error> {
  const current = await getCashSession(sessionId);
  if (!current) return cashErrors.sessionNotFound(sessionId);
  return reportRefusal(current, now) ?? cashErrors.alreadyReported(current.status);
}
