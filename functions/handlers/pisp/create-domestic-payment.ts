import { parsePaymentSubmission } from '#domain/payments/initiation.ts';
import { ValidationError } from '#http/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { idempotent } from '#http/idempotent.ts';
import { paymentSubmissionAccess } from './submission-access.ts';
import { submitPayment } from './submit-payment.ts';

/**
 * POST /v1/pisp/domestic-payments: executes the authorised consent of the customer's token,
 * once. Intra-bank payments settle at once; interbank ones go to NAPAS 247 and settle later.
 */
export const handler = apiHandler(
  { body: 'json', use: [paymentSubmissionAccess(), idempotent()] },
  async (request) => {
    const { value, problems } = parsePaymentSubmission(request.body);
    if (!value) throw new ValidationError(problems.list);
    const collection = `${request.url.origin}${request.url.pathname}`;
    return submitPayment({
      caller: request.caller!,
      submission: value,
      selfOf: (paymentId) => `${collection}/${paymentId}`,
      interactionId: request.interactionId,
      idempotency: request.idempotency!,
    });
  },
);
