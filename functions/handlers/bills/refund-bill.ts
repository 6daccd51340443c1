import { parseRefundRequest } from '#domain/bills/requests.ts';
import { valueOrThrow } from '#domain/errors.ts';
import { formatVnd } from '#domain/money.ts';
import { apiHandler } from '#http/api-handler.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { refundBill } from '#use-cases/bills/refund-bill.ts';
import { refundView } from './views.ts';

/** POST /v1/bills/{BillId}/refunds: the partner refunds all or part of a paid bill (idempotent on `RefundId`). */
export const handler = apiHandler<Incoming<Schemas['BillRefundRequest']>>(async (request) => {
  const command = valueOrThrow(parseRefundRequest(request.body));
  const { bill, refund } = await refundBill(request.caller!.clientId, request.params.BillId ?? '', command);
  return respond(
    request,
    'BillRefundResponse',
    {
      data: {
        BillId: bill.billId,
        BillStatus: bill.status,
        RefundedAmount: formatVnd(bill.refunded),
        Refund: refundView(refund),
      },
    },
    201,
  );
});
