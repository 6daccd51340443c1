import { paymentErrors } from '#domain/payments/errors.ts';
import type { DomesticPayment } from '#domain/payments/status.ts';
import { getPayment } from '#store/payments.ts';

/** The payment if this client submitted it; otherwise 404, whether it exists or not. */
export async function getOwnPayment(clientId: string, paymentId: string): Promise<DomesticPayment> {
  const payment = paymentId.length <= 128 ? await getPayment(paymentId) : undefined;
  if (!payment || payment.clientId !== clientId) throw paymentErrors.notFound(paymentId);
  return payment;
}
