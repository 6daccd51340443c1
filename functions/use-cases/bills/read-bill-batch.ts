import { BATCH_ID, type BatchItem, type BillBatch } from '#domain/bills/batch.ts';
import { notFound } from '#domain/errors.ts';
import { getBatch, readBatchItems } from '#store/bills/batches.ts';

/** A partner's batch with every item's status; another client's batch is "not found". */
export async function readBillBatch(
  clientId: string,
  batchId: string,
): Promise<{ batch: BillBatch; items: BatchItem[] }> {
  const batch = BATCH_ID.test(batchId) ? await getBatch(batchId) : undefined;
  if (!batch || batch.clientId !== clientId) throw notFound(`No bill batch ${batchId}.`);
  const chunks = await readBatchItems(batchId);
  return { batch, items: chunks.flat() };
}
