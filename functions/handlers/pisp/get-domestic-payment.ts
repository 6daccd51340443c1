import { authorize } from '#auth/authorize.ts';
import { paymentErrors } from '#domain/payments/errors.ts';
import { apiHandler } from '#http/handler.ts';
import { getPayment } from '#store/payments.ts';
import { paymentBody } from './views.ts';

/** GET /v1/pisp/domestic-payments/{DomesticPaymentId}: status, status time and history, for the submitting client only. */
export const handler = apiHandler(
  { use: [authorize({ scopes: ['payments'], subject: 'client' })] },
  async (request) => {
    const paymentId = request.params.DomesticPaymentId ?? '';
    const payment = paymentId.length <= 128 ? await getPayment(paymentId) : undefined;
    if (!payment || payment.clientId !== request.caller!.clientId) throw paymentErrors.notFound(paymentId);
    return { status: 200, body: paymentBody(payment, request.url.href) };
  },
);
