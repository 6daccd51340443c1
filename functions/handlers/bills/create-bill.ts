import { parseNewBill } from '#domain/bills/requests.ts';
import { valueOrThrow } from '#domain/errors.ts';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import { apiHandler } from '#http/api-handler.ts';
import { created, type Incoming, memberUrl, type Schemas } from '#http/respond.ts';
import { createBill } from '#use-cases/bills/create-bill.ts';
import { billView } from './views.ts';

/**
 * POST /v1/bills: a city partner issues a bill, answered with its dynamic VietQR. Idempotent on
 * `x-idempotency-key` (the chain) and unique on the partner's own `Reference` (the use case).
 */
export const handler = apiHandler<Incoming<Schemas['BillRequest']>>(async (request) => {
  const now = new Date();
  const command = valueOrThrow(parseNewBill(request.body, bookingDayOf(now)));
  const bill = await createBill(request.caller!.clientId, command, now);
  return created(request, 'BillResponse', {
    self: memberUrl(request, bill.billId),
    data: await billView(bill, [], now),
  });
});
