import { valueOrThrow } from '#domain/errors.ts';
import { paymentErrors } from '#domain/payments/errors.ts';
import { parsePaymentSubmission } from '#domain/payments/initiation.ts';
import { apiHandler } from '#http/api-handler.ts';
import { errorAnswer } from '#http/error-response.ts';
import { chainWritesInTransaction } from '#http/in-transaction.ts';
import type { ApiRequest, ApiResponse } from '#http/request.ts';
import { created, type Incoming, memberUrl, type Schemas } from '#http/respond.ts';
import { type PaymentOutcome, submitPayment } from '#use-cases/payments/submit-payment.ts';
import { answerWrite } from '#use-cases/requests/idempotency-key.ts';
import { paymentView } from './views.ts';

/**
 * POST /v1/pisp/domestic-payments: executes the authorised consent of the customer's token,
 * once. Intra-bank payments settle at once; interbank ones go to NAPAS 247 and settle later.
 * The answer is stored with the key, and the DPoP proof's id recorded, inside the payment's
 * own transaction (the route's policy): two DynamoDB round trips in all.
 */
export const handler = apiHandler<Incoming<Schemas['DomesticPaymentRequest']>>(async (request) => {
  const submission = valueOrThrow(parsePaymentSubmission(request.body));
  const key = request.idempotency;
  const outcome = await submitPayment({
    caller: request.caller!,
    submission,
    // The proof's id, then the key's record: a replayed proof is refused before a duplicate is replayed.
    answerWrites: (outcome) => [
      ...chainWritesInTransaction(request),
      ...(key ? [answerWrite(key, answerTo(request, outcome))] : []),
    ],
  });
  return answerTo(request, outcome);
});

/** 201 with the payment, or the 400 naming the rejected payment (it exists, `Rejected`). */
function answerTo(request: ApiRequest, outcome: PaymentOutcome): ApiResponse {
  const self = memberUrl(request, outcome.payment.paymentId);
  if (outcome.kind === 'booked') {
    return created(request, 'DomesticPaymentResponse', { self, data: paymentView(outcome.payment) });
  }
  const refusal = paymentErrors.rejected(outcome.reason, outcome.payment.paymentId, self);
  const { status, body } = errorAnswer(refusal, request.interactionId);
  return { status, headers: { location: self }, body };
}
