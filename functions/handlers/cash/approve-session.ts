import { isSameCode, readCashCode } from '#domain/cash/code.ts';
import { cashErrors } from '#domain/cash/errors.ts';
import type { CashApprovalRequest } from '#domain/cash/requests.ts';
import {
  approvalRefusal,
  type CashApproval,
  type CashSession,
  dispenseDeadline,
  holdIdOf,
} from '#domain/cash/session.ts';
import { AccountDisabledError, HoldStateError, InsufficientFundsError } from '#domain/ledger/errors.ts';
import type { ApiRequest, ApiResponse } from '#http/request.ts';
import { approvalWrite, findCashSessionByReference } from '#store/cash-sessions.ts';
import { findCustomerByUsername } from '#store/customers.ts';
import { completionWrite } from '#store/idempotency.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { placeHold } from '#store/ledger/holds.ts';
import { amountView, sessionEvent } from './views.ts';

/** The customer, already authenticated by their bank app, approving a scanned code. */
export interface CashApprovalCommand extends CashApprovalRequest {
  /** Where `Links.Self` points. */
  self: string;
}

/**
 * The bank app's approval of a scanned QRCASH code: resolves the code to its session (its
 * one-time reference, then the whole payload must be the one the terminal shows), checks the
 * session still awaits approval and the account is the customer's, then holds the amount and
 * moves the session to `Approved` in ONE transaction, with the terminal's event and the
 * idempotency record. Whatever fails, nothing is held.
 */
export async function approveCashSession(
  command: CashApprovalCommand,
  idempotency: ApiRequest['idempotency'],
): Promise<ApiResponse> {
  const { reference } = readCashCode(command.payload);
  const session = await findCashSessionByReference(reference);
  if (!session) throw cashErrors.unknownCode();
  if (!isSameCode(command.payload, session.payload)) throw cashErrors.codeMismatch();
  const now = new Date();
  const refused = approvalRefusal(session, now);
  if (refused) throw refused;

  const customer = await findCustomerByUsername(command.username);
  if (!customer) throw cashErrors.unknownCustomer();
  const account = await getAccount(command.accountId);
  if (account?.ownerKind !== 'customer' || account.ownerId !== customer.customerId) {
    throw cashErrors.accountNotFound();
  }

  const approvedAt = now.toISOString();
  const approval: CashApproval = {
    customerId: customer.customerId,
    accountId: account.accountId,
    amount: command.amount,
    holdId: holdIdOf(session.sessionId),
    approvedAt,
    dispenseBy: dispenseDeadline(now),
  };
  const approved: CashSession = { ...session, status: 'Approved', statusUpdatedAt: approvedAt, approval };
  const response: ApiResponse = {
    status: 201,
    body: {
      Data: {
        SessionId: session.sessionId,
        Status: approved.status,
        AccountId: account.accountId,
        Amount: amountView(command.amount),
      },
      Links: { Self: command.self },
      Meta: {},
    },
  };
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
          sessionEvent(approved, 'Approved', approvedAt),
          ...(idempotency ? [completionWrite(idempotency.execution, response)] : []),
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
  if (idempotency) idempotency.completed = true;
  return response;
}
