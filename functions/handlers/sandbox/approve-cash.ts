import { parseCashApprovalRequest } from '#domain/cash/requests.ts';
import type { CashSession } from '#domain/cash/session.ts';
import { valueOrThrow } from '#domain/errors.ts';
import { formatVnd } from '#domain/money.ts';
import { apiHandler } from '#http/api-handler.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { approveCashSession } from '#use-cases/cash/approve-cash-session.ts';
import { answerWrite } from '#use-cases/requests/idempotency-key.ts';

/**
 * POST /sandbox/cash-approvals (sandbox only): plays the customer's bank app approving a
 * scanned QRCASH code with an account and an amount. The demo customer counts as signed in to
 * their app, as in `/sandbox/qr-payments`; the amount is held and the session becomes `Approved`.
 */
export const handler = apiHandler<Incoming<Schemas['SandboxCashApprovalRequest']>>(async (request) => {
  const command = valueOrThrow(parseCashApprovalRequest(request.body));
  const answer = (approved: CashSession) =>
    respond(
      request,
      'SandboxCashApprovalResponse',
      {
        data: {
          SessionId: approved.sessionId,
          Status: approved.status,
          AccountId: approved.approval!.accountId,
          Amount: { Amount: formatVnd(approved.approval!.amount), Currency: 'VND' },
        },
      },
      201,
    );
  const approved = await approveCashSession(command, (result) =>
    request.idempotency ? [answerWrite(request.idempotency, answer(result))] : [],
  );
  return answer(approved);
});
