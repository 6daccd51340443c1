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
 * scanned QRCASH code with an account and an amount. The app signs the customer in with their
 * sandbox username and password first (403 `VN.OB.Sandbox.InvalidCredentials` otherwise); the
 * amount is held and the session becomes `Approved`.
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
  const approved = await approveCashSession(
    { ...command, sourceIp: request.event.requestContext.identity.sourceIp },
    (result) => (request.idempotency ? [answerWrite(request.idempotency, answer(result))] : []),
  );
  return answer(approved);
});
