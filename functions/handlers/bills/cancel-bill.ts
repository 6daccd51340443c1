import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { cancelBill } from '#use-cases/bills/cancel-bill.ts';
import { billView } from './views.ts';

/** POST /v1/bills/{BillId}/cancel: an unpaid bill is withdrawn (`bill.cancelled`); any other is a 409. */
export const handler = apiHandler(async (request) => {
  const now = new Date();
  const cancelled = await cancelBill(request.caller!.clientId, request.params.BillId ?? '', now);
  // Only an unpaid bill is cancelled, and an unpaid bill has no refunds.
  return respond(request, 'BillResponse', { data: await billView(cancelled, [], now) });
});
