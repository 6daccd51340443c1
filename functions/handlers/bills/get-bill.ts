import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getOwnBill } from '#use-cases/bills/get-own-bill.ts';
import { billView } from './views.ts';

/** GET /v1/bills/{BillId}: the bill as of now (amount due today, its code while payable, its refunds). */
export const handler = apiHandler(async (request) => {
  const { bill, refunds } = await getOwnBill(request.caller!.clientId, request.params.BillId ?? '');
  return respond(request, 'BillResponse', { data: await billView(bill, refunds, new Date()) });
});
