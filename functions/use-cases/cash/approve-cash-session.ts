import { isSameCode, readCashCode } from '#domain/cash/code.ts';
import { cashErrors } from '#domain/cash/errors.ts';
import { cashSessionStatusChanged } from '#domain/cash/events.ts';
import type { CashApprovalRequest } from '#domain/cash/requests.ts';
import {
  approvalRefusal,
  type CashApproval,
  type CashSession,
  dispenseDeadline,
  holdIdOf,
} from '#domain/cash/session.ts';
import { AccountDisabledError, HoldStateError, InsufficientFundsError } from '#domain/ledger/errors.ts';
import { approvalWrite, findCashSessionByReference } from '#store/cash-sessions.ts';
import { eventItem } from '#store/events.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { placeHold } from '#store/ledger/holds.ts';
import type { ExtraWrite } from '#store/transact.ts';
import { type BankAppCredentials, signInToBankApp } from '#use-cases/sandbox/sign-in-to-bank-app.ts';

/**
 * The customer's bank app approving a scanned QRCASH code: signs the customer in first (a
 * caller without their credentials learns nothing of the code), resolves the code to its session
 * (its one-time reference, then the whole payload must be the one the terminal shows), checks
 * the session still awaits approval and the account is the customer's, then holds the amount
 * and moves the session to `Approved` in ONE transaction, with the terminal's event and
 * `answerWrites` of the approved session (the stored answer of the request's idempotency key).
 * Whatever fails, nothing is held. Resolves the approved session.
 */
export async function approveCashSession(
  command: CashApprovalRequest & Pick<BankAppCredentials, 'sourceIp'>,
  answerWrites: (approved: CashSession) => ExtraWrite[],
  now = new Date(),
): Promise<CashSession> {
  const customerId = await signInToBankApp(command);
  const { reference } = readCashCode(command.payload);
  const session = await findCashSessionByReference(reference);
  if (!session) throw cashErrors.unknownCode();
  if (!isSameCode(command.payload, session.payload)) throw cashErrors.codeMismatch();
  const refused = approvalRefusal(session, now);
  if (refused) throw refused;

  const account = await getAccount(command.accountId);
  if (account?.ownerKind !== 'customer' || account.ownerId !== customerId) {
    throw cashErrors.accountNotFound();
  }

  const approvedAt = now.toISOString();
  const approval: CashApproval = {
    customerId,
    accountId: account.accountId,
    amount: command.amount,
    holdId: holdIdOf(session.sessionId),
    approvedAt,
    dispenseBy: dispenseDeadline(now),
  };
  const approved: CashSession = { ...session, status: 'Approved', statusUpdatedAt: approvedAt, approval };
  try {
    const { created } = await placeHold(
      {
        holdId: approval.holdId,
        accountId: account.accountId,
        amount: command.amount,
        kind: 'cash-withdrawal',
        sourceId: session.sessionId,
        clientId: session.clientId,
        expiresAt: approval.dispenseBy,
      },
      {
        extraWrites: [
          approvalWrite(session, approval, (current) =>
            current
              ? (approvalRefusal(current, now) ?? cashErrors.codeAlreadyUsed())
              : cashErrors.unknownCode(),
          ),
          eventItem(cashSessionStatusChanged(session, approved)),
          ...answerWrites(approved),
        ],
      },
    );
    // The hold existed: this very approval was made before, so the code is spent.
    if (!created) throw cashErrors.codeAlreadyUsed();
  } catch (error) {
    if (error instanceof InsufficientFundsError) throw cashErrors.insufficientFunds();
    if (error instanceof AccountDisabledError) throw cashErrors.accountDisabled();
    if (error instanceof HoldStateError) throw cashErrors.codeAlreadyUsed();
    throw error;
  }
  return approved;
}
