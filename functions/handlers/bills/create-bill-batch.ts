import { apiHandler } from '#http/api-handler.ts';
import { type Incoming, memberUrl, respond, type Schemas } from '#http/respond.ts';
import { submitBillBatch } from '#use-cases/bills/submit-bill-batch.ts';
import { batchView } from './report-views.ts';

/**
 * POST /v1/bill-batches: up to 5,000 bills, accepted at once (202) and created by the batch
 * worker; `Location` is where to poll each item's status.
 */
export const handler = apiHandler<Incoming<Schemas['BillBatchRequest']>>(async (request) => {
  const batch = await submitBillBatch(request.caller!.clientId, request.body);
  return respond(
    request,
    'BillBatchResponse',
    { self: memberUrl(request, batch.batchId), data: batchView(batch) },
    202,
  );
});
