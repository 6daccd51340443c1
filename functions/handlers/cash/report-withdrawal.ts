import { authorize } from '#auth/authorize.ts';
import { cashErrors } from '#domain/cash/errors.ts';
import { parseCashWithdrawalReport } from '#domain/cash/requests.ts';
import { ATM_CATEGORY_CODE, CASH_WITHDRAWAL_CODE } from '#domain/cash/rules.ts';
import {
  type CashSession,
  type CashWithdrawalRecord,
  newWithdrawalId,
  reportRefusal,
} from '#domain/cash/session.ts';
import { bankAccounts } from '#domain/ledger/accounts.ts';
import { HoldStateError } from '#domain/ledger/errors.ts';
import { newLedgerId } from '#domain/ledger/transfer.ts';
import { ValidationError } from '#http/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { idempotent } from '#http/idempotent.ts';
import type { ApiResponse } from '#http/request.ts';
import { ensureAtmCashAccount, getCashSession, reportWrite } from '#store/cash-sessions.ts';
import { completionWrite } from '#store/idempotency.ts';
import { releaseHold, settleHold } from '#store/ledger/holds.ts';
import { ownSession } from './own-session.ts';
import { sessionEvent, withdrawalView } from './views.ts';

/**
 * POST /v1/cash/withdrawals: the terminal reports the dispense of an `Approved` session.
 * `Dispensed` settles the hold (a posting from the customer's account to the bank's ATM cash
 * account; session `Completed`), `Failed` releases it (session `Reversed`), each in ONE
 * transaction with the session's change, the event and the idempotency record. A session takes
 * one report: whichever report commits first wins, any other is a 409, so cash is booked once.
 */
export const handler = apiHandler(
  { body: 'json', use: [authorize({ scopes: ['cash'], subject: 'client' }), idempotent()] },
  async (request) => {
    const { value, problems } = parseCashWithdrawalReport(request.body);
    if (!value) throw new ValidationError(problems.list);
    const session = await ownSession(request.caller, value.sessionId);
    const now = new Date();
    const refused = reportRefusal(session, now);
    if (refused) throw refused;

    const approval = session.approval!;
    const withdrawal: CashWithdrawalRecord = {
      withdrawalId: newWithdrawalId(),
      outcome: value.outcome,
      reportedAt: now.toISOString(),
      ...(value.failureReason ? { failureReason: value.failureReason } : {}),
      ...(value.outcome === 'Dispensed' ? { postingId: newLedgerId('pst') } : {}),
    };
    const status = value.outcome === 'Dispensed' ? 'Completed' : 'Reversed';
    const reported: CashSession = { ...session, status, statusUpdatedAt: withdrawal.reportedAt, withdrawal };
    const response: ApiResponse = {
      status: 201,
      body: { Data: withdrawalView(reported), Links: { Self: request.url.href }, Meta: {} },
    };
    const extraWrites = [
      reportWrite(session, withdrawal, (current) =>
        current
          ? (reportRefusal(current, now) ?? cashErrors.alreadyReported(current.status))
          : cashErrors.sessionNotFound(session.sessionId),
      ),
      sessionEvent(reported, status, withdrawal.reportedAt),
      ...(request.idempotency ? [completionWrite(request.idempotency.execution, response)] : []),
    ];

    try {
      let booked: boolean;
      if (value.outcome === 'Dispensed') {
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
    if (request.idempotency) request.idempotency.completed = true;
    return response;
  },
);

/** The posting of a dispensed withdrawal: what each side's statement shows. */
function settlement(session: CashSession, withdrawal: CashWithdrawalRecord) {
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
