import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getOwnPayment } from '#use-cases/payments/get-own-payment.ts';
import { paymentView } from './views.ts';

/** GET /v1/pisp/domestic-payments/{DomesticPaymentId}: status, status time and history, for the submitting client only. */
export const handler = apiHandler(async (request) => {
  const payment = await getOwnPayment(request.caller!.clientId, request.params.DomesticPaymentId ?? '');
  return respond(request, 'DomesticPaymentResponse', { data: paymentView(payment) });
});
