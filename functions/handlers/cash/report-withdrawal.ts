import { parseCashWithdrawalReport } from '#domain/cash/requests.ts';
import type { CashSession } from '#domain/cash/session.ts';
import { valueOrThrow } from '#domain/errors.ts';
import { apiHandler } from '#http/api-handler.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { reportWithdrawal } from '#use-cases/cash/report-withdrawal.ts';
import { answerWrite } from '#use-cases/requests/idempotency-key.ts';
import { withdrawalView } from './views.ts';

/**
 * POST /v1/cash/withdrawals: the terminal reports the dispense of an `Approved` session, which
 * settles (`Dispensed`) or releases (`Failed`) its hold; the answer is stored with that change.
 */
export const handler = apiHandler<Incoming<Schemas['CashWithdrawalRequest']>>(async (request) => {
  const report = valueOrThrow(parseCashWithdrawalReport(request.body));
  const answer = (reported: CashSession) =>
    respond(request, 'CashWithdrawalResponse', { data: withdrawalView(reported) }, 201);
  const reported = await reportWithdrawal(request.caller!.clientId, report, (result) =>
    request.idempotency ? [answerWrite(request.idempotency, answer(result))] : [],
  );
  return answer(reported);
});
