import {
  BATCH_CHUNK_SIZE,
  type BatchItem,
  type BillBatch,
  newBatchId,
  parseBatchRequest,
} from '#domain/bills/batch.ts';
import { billErrors } from '#domain/bills/errors.ts';
import { valueOrThrow } from '#domain/errors.ts';
import { insertBatch } from '#store/bills/batches.ts';
import { getPartner } from '#store/bills/partners.ts';

const sandbox = process.env.SANDBOX === '1';

/**
 * Accepts a batch of up to 5,000 bills at once: the envelope is checked now (an over-long batch
 * is a 400 and nothing is stored), every item is stored `Pending`, and the batch worker
 * (`workers/bill-batches`) creates them with the rules of `POST /v1/bills`, one by one.
 */
export async function submitBillBatch(clientId: string, body: unknown, now = new Date()): Promise<BillBatch> {
  const bills = valueOrThrow(parseBatchRequest(body));
  // In sandbox the first bill opens the collection account; elsewhere an operator must have.
  if (!sandbox && !(await getPartner(clientId))) throw billErrors.noCollectionAccount();
  const batch: BillBatch = {
    batchId: newBatchId(),
    clientId,
    status: 'Accepted',
    itemCount: bills.length,
    createdCount: 0,
    refusedCount: 0,
    createdAt: now.toISOString(),
  };
  const items: BatchItem[] = bills.map((request, index) => ({ index, request, status: 'Pending' }));
  const chunks: BatchItem[][] = [];
  for (let start = 0; start < items.length; start += BATCH_CHUNK_SIZE) {
    chunks.push(items.slice(start, start + BATCH_CHUNK_SIZE));
  }
  await insertBatch(batch, chunks);
  return batch;
}
