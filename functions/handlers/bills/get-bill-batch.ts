import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { readBillBatch } from '#use-cases/bills/read-bill-batch.ts';
import { batchView } from './report-views.ts';

/** GET /v1/bill-batches/{BatchId}: the batch and every item's status, created bill or problems. */
export const handler = apiHandler(async (request) => {
  const { batch, items } = await readBillBatch(request.caller!.clientId, request.params.BatchId ?? '');
  return respond(request, 'BillBatchResponse', { data: batchView(batch, items) });
});
