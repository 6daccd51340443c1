import { valueOrThrow } from '#domain/errors.ts';
import { formatVnd } from '#domain/money.ts';
import { parseQrPaymentRequest } from '#domain/sandbox/qr-payments.ts';
import { apiHandler } from '#http/api-handler.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { answerWrite } from '#use-cases/requests/idempotency-key.ts';
import { payScannedCode, type QrPayment } from '#use-cases/sandbox/pay-scanned-code.ts';

/**
 * POST /sandbox/qr-payments (sandbox only): plays the customer's bank app paying a scanned
 * VietQR. The app signs the customer in first; the payment is booked at once, and a bill's code
 * pays the bill in the same transaction.
 */
export const handler = apiHandler<Incoming<Schemas['SandboxQrPaymentRequest']>>(async (request) => {
  const command = valueOrThrow(parseQrPaymentRequest(request.body));
  const answer = (paid: QrPayment) =>
    respond(
      request,
      'SandboxQrPaymentResponse',
      {
        data: {
          QrPaymentId: paid.qrPaymentId,
          Status: 'AcceptedSettlementCompleted',
          AccountId: paid.accountId,
          Amount: { Amount: formatVnd(paid.amount), Currency: 'VND' },
          CreditorAccount: {
            SchemeName: 'VN.AccountNumber',
            Identification: paid.payee.accountNumber,
            Name: paid.payee.name,
          },
          CreditorAgent: { SchemeName: 'VN.BIN', Identification: paid.payee.bankBin },
          ...(paid.reference ? { Reference: paid.reference } : {}),
          BookingDateTime: paid.bookedAt,
          ...(paid.bill
            ? {
                Bill: {
                  BillId: paid.bill.bill.billId,
                  Status: paid.bill.bill.status,
                  Outcome: paid.bill.plan === 'settles' ? 'Paid' : 'DuplicateRefunded',
                  ...(paid.bill.refund
                    ? {
                        Refund: {
                          RefundId: paid.bill.refund.refundId,
                          Amount: formatVnd(paid.bill.refund.amount),
                        },
                      }
                    : {}),
                },
              }
            : {}),
        },
      },
      201,
    );
  const paid = await payScannedCode(
    { ...command, sourceIp: request.event.requestContext.identity.sourceIp },
    (result) => (request.idempotency ? [answerWrite(request.idempotency, answer(result))] : []),
  );
  return answer(paid);
});
