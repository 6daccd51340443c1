import { cashErrors } from '#domain/cash/errors.ts';
import { cashSessionStatusChanged } from '#domain/cash/events.ts';
import type { CashWithdrawalReport } from '#domain/cash/requests.ts';
import { ATM_CATEGORY_CODE, CASH_WITHDRAWAL_CODE } from '#domain/cash/rules.ts';
import {
  type CashSession,
  type CashWithdrawalRecord,
  isLateReport,
  lateDispensePostingId,
  newWithdrawalId,
  reportRefusal,
} from '#domain/cash/session.ts';
import { bankAccounts } from '#domain/ledger/accounts.ts';
import { DuplicatePostingError, HoldStateError } from '#domain/ledger/errors.ts';
import { opsExceptionId } from '#domain/ledger/exceptions.ts';
import { newLedgerId, type TransferInstruction } from '#domain/ledger/transfer.ts';
import { logger } from '#runtime/logger.ts';
import { ensureAtmCashAccount, getCashSession, lateReportWrite, reportWrite } from '#store/cash-sessions.ts';
import { eventItem } from '#store/events.ts';
import { opsExceptionPut } from '#store/ledger/exceptions.ts';
import { releaseHold, settleHold } from '#store/ledger/holds.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import { type ExtraWrite, writeTogether } from '#store/transact.ts';
import { getOwnCashSession } from './get-own-cash-session.ts';

/**
 * The terminal reports the dispense of an `Approved` session it opened. `Dispensed` settles the
 * hold (a posting from the customer's account to the bank's ATM cash account; session
 * `Completed`), `Failed` releases it (session `Reversed`), each in ONE transaction with the
 * session's change, the event and `answerWrites` of the reported session. A session takes one
 * report: whichever report commits first wins, any other is refused, so cash is booked once.
 *
 * A report after `DispenseBy`, once the sweeper released the hold (session `Expired`), is still
 * taken: the machine did what it says. A late `Dispensed` books the withdrawal from the
 * customer's account anyway, even into overdraft or on an account disabled since (the cash is
 * gone; the posting says who owes it), with an exception for the operations desk in the same
 * transaction; a late `Failed` records the outcome and moves nothing. Resolves the reported session.
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
  if (isLateReport(session)) return reportLate(session, report, answerWrites, now);

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
    reportWrite(session, withdrawal, (current) => {
      if (!current) return cashErrors.sessionNotFound(session.sessionId);
      if (isLateReport(current)) return new SweptMeanwhile();
      return reportRefusal(current, now) ?? cashErrors.alreadyReported(current.status);
    }),
    eventItem(cashSessionStatusChanged(session, reported)),
    ...answerWrites(reported),
  ];

  let booked = false;
  try {
    if (report.outcome === 'Dispensed') {
      await ensureAtmCashAccount();
      const transfer = settlement(session, withdrawal);
      booked = (await settleHold({ holdId: approval.holdId, transfer }, { extraWrites })).settled;
    } else {
      const hold = { holdId: approval.holdId, accountId: approval.accountId };
      booked = (await releaseHold(hold, { extraWrites })).released;
    }
  } catch (error) {
    if (!(error instanceof HoldStateError || error instanceof SweptMeanwhile)) throw error;
  }
  if (booked) return reported;
  // The hold had already moved on: another report won (refused), or the sweeper released it
  // just now (the session is Expired: this report is late, and taken as such).
  const current = await getCashSession(session.sessionId);
  if (current && isLateReport(current)) return reportLate(current, report, answerWrites, now);
  throw current
    ? (reportRefusal(current, now) ?? cashErrors.alreadyReported(current.status))
    : cashErrors.sessionNotFound(session.sessionId);
}

/** The sweeper released the hold and expired the session between our read and our write. */
class SweptMeanwhile extends Error {}

/** A report on a session whose hold the sweeper released (see {@link reportWithdrawal}). */
async function reportLate(
  session: CashSession,
  report: CashWithdrawalReport,
  answerWrites: (reported: CashSession) => ExtraWrite[],
  now: Date,
): Promise<CashSession> {
  const approval = session.approval!;
  const dispensed = report.outcome === 'Dispensed';
  const withdrawal: CashWithdrawalRecord = {
    withdrawalId: newWithdrawalId(),
    outcome: report.outcome,
    reportedAt: now.toISOString(),
    late: true,
    ...(report.failureReason ? { failureReason: report.failureReason } : {}),
    ...(dispensed ? { postingId: lateDispensePostingId(session.sessionId) } : {}),
  };
  const reported: CashSession = {
    ...session,
    status: dispensed ? 'Completed' : 'Reversed',
    statusUpdatedAt: withdrawal.reportedAt,
    withdrawal,
  };
  const writes = [
    lateReportWrite(session, withdrawal, (current) =>
      current
        ? (reportRefusal(current, now) ?? cashErrors.alreadyReported(current.status))
        : cashErrors.sessionNotFound(session.sessionId),
    ),
    eventItem(cashSessionStatusChanged(session, reported)),
    ...answerWrites(reported),
  ];
  if (!dispensed) {
    await writeTogether(writes);
    return reported;
  }
  await ensureAtmCashAccount();
  const exceptionId = opsExceptionId('late-dispense', session.sessionId);
  const booked = await postTransfer(
    { ...settlement(session, withdrawal), amount: approval.amount },
    {
      now: () => now,
      forceDebit: true,
      extraWrites: [
        ...writes,
        opsExceptionPut({
          exceptionId,
          kind: 'late-dispense',
          occurredAt: withdrawal.reportedAt,
          amount: approval.amount,
          accountId: approval.accountId,
          postingId: withdrawal.postingId!,
          sourceId: session.sessionId,
          clientId: session.clientId,
          customerId: approval.customerId,
          description: `Terminal ${session.terminalId} reported a dispense after ${approval.dispenseBy}, when the hold had been released: the withdrawal was booked anyway. Check the account is not overdrawn; recover the amount if it is.`,
          status: 'Open',
        }),
      ],
    },
  ).catch(async (error: unknown) => {
    // Another late report booked it first: this one is refused as the session now stands.
    if (!(error instanceof DuplicatePostingError)) throw error;
    const current = await getCashSession(session.sessionId);
    throw current
      ? (reportRefusal(current, now) ?? cashErrors.alreadyReported(current.status))
      : cashErrors.sessionNotFound(session.sessionId);
  });
  logger.warn('late cash dispense booked', {
    sessionId: session.sessionId,
    exceptionId,
    balanceAfter: booked.debit.balanceAfter,
  });
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
