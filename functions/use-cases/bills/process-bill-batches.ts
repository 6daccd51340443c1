import { type BatchItem, type BillBatch, batchStatusOf, itemErrors } from '#domain/bills/batch.ts';
import { vietnamDay } from '#domain/bills/reconciliation.ts';
import { parseNewBill } from '#domain/bills/requests.ts';
import { DomainError } from '#domain/errors.ts';
import { logger } from '#runtime/logger.ts';
import {
  leaseBatch,
  listPendingBatches,
  readBatchItems,
  releaseBatch,
  saveChunk,
  saveProgress,
} from '#store/bills/batches.ts';
import type { Partner } from '#store/bills/partners.ts';
import { collectionAccountOf, createBill } from './create-bill.ts';

/** Bills created at once within a batch: enough to keep DynamoDB busy, few enough to stay polite. */
const CONCURRENCY = 16;
/** How long one run owns a batch; a run that dies leaves it to the next after this. */
const LEASE_MS = 5 * 60 * 1000;

export interface BatchRunOptions {
  now?: () => Date;
  /** Stop starting new chunks after this many ms (the Lambda's timeout less a margin); the next run resumes. */
  budgetMs?: number;
  /** Only this client's batches (tests). */
  clientId?: string;
}

/**
 * The batch worker's run: takes each pending batch (under a lease, so two runs never work one
 * batch), creates its pending items chunk by chunk with the rules and the use case of
 * `POST /v1/bills`, and saves each chunk's outcomes and the batch's counts as it goes. A bill
 * whose item was created but not yet saved (a crash) is found again by its unique `Reference`
 * on the next run (the same details return the same bill), so no bill is made twice.
 */
export async function processBillBatches(
  options: BatchRunOptions = {},
): Promise<{ batches: number; items: number }> {
  const now = options.now ?? (() => new Date());
  const stopAt = Date.now() + (options.budgetMs ?? 240_000);
  const pending = (await listPendingBatches(now(), 20)).filter(
    (batch) => !options.clientId || batch.clientId === options.clientId,
  );
  let batches = 0;
  let items = 0;
  for (const batch of pending) {
    if (Date.now() > stopAt) break;
    if (!(await leaseBatch(batch.batchId, now(), new Date(now().getTime() + LEASE_MS)))) continue;
    batches += 1;
    items += await processBatch(batch, now, stopAt);
  }
  return { batches, items };
}

async function processBatch(batch: BillBatch, now: () => Date, stopAt: number): Promise<number> {
  const chunks = await readBatchItems(batch.batchId);
  // The partner's collection account, read once for the whole batch (every item is paid into it).
  const partner = await partnerOf(batch).catch(async (error: unknown) => {
    await releaseBatch(batch.batchId); // an outage: the next run takes the batch again at once
    throw error;
  });
  let decidedNow = 0;
  let progress = { ...batch };
  const firstWith = firstItemOfEachReference(chunks.flat(), vietnamDay(now()));
  for (const [chunk, items] of chunks.entries()) {
    if (Date.now() > stopAt) break;
    const pending = (items ?? []).filter((item) => item.status === 'Pending');
    if (pending.length === 0) continue;
    await inParallel(pending, CONCURRENCY, (item) => decide(batch, partner, item, now(), firstWith));
    decidedNow += pending.filter((item) => item.status !== 'Pending').length;
    await saveChunk(batch, chunk, items!);
    progress = progressOf(batch, chunks.flat(), now());
    await saveProgress(progress);
  }
  // A run that died between saving a chunk and the counts left them behind its items: the counts
  // always follow the items, even when no item was pending.
  const counted = progressOf(batch, chunks.flat(), now());
  if (
    counted.status !== progress.status ||
    counted.createdCount !== progress.createdCount ||
    counted.refusedCount !== progress.refusedCount
  ) {
    progress = counted;
    await saveProgress(progress);
  }
  if (progress.status !== 'Completed') await releaseBatch(batch.batchId);
  return decidedNow;
}

/** The batch's counts and status as its items stand. */
function progressOf(batch: BillBatch, items: readonly BatchItem[], now: Date): BillBatch {
  const createdCount = items.filter((item) => item.status === 'Created').length;
  const refusedCount = items.filter((item) => item.status === 'Refused').length;
  const status = batchStatusOf(batch.itemCount, createdCount + refusedCount);
  return {
    ...batch,
    createdCount,
    refusedCount,
    status,
    ...(status === 'Completed' ? { completedAt: now.toISOString() } : {}),
  };
}

/**
 * The first valid item (its index) of each Reference in the batch, as `POST /v1/bills` keeps it:
 * a later item with the same Reference is refused, so that which one wins never depends on the
 * order bills happen to be created in, and each bill is counted once. An item refused for its
 * own problems names no Reference here, so a valid one after it is still created.
 */
function firstItemOfEachReference(items: readonly BatchItem[], today: string): Map<string, number> {
  const first = new Map<string, number>();
  for (const item of [...items].sort((a, b) => a.index - b.index)) {
    if (item.status === 'Refused') continue;
    const reference = parseNewBill({ Data: JSON.parse(item.request) }, today).value?.reference;
    if (reference !== undefined && !first.has(reference)) first.set(reference, item.index);
  }
  return first;
}

/**
 * The batch's partner, or why its bills cannot be issued (no collection account outside sandbox):
 * that refusal is then every item's, as it would be for each `POST /v1/bills`.
 */
async function partnerOf(batch: BillBatch): Promise<Partner | DomainError> {
  try {
    return await collectionAccountOf(batch.clientId);
  } catch (error) {
    if (error instanceof DomainError && (error.kind === 'invalid' || error.kind === 'conflict')) return error;
    throw error;
  }
}

/** Creates one item's bill, or records why it was refused; a failure that is not a refusal leaves it pending. */
async function decide(
  batch: BillBatch,
  partner: Partner | DomainError,
  item: BatchItem,
  now: Date,
  firstWith: ReadonlyMap<string, number>,
): Promise<void> {
  const parsed = parseNewBill({ Data: JSON.parse(item.request) }, vietnamDay(now));
  if (!parsed.value) {
    refuse(item, itemErrors(item.index, parsed.problems.list));
    return;
  }
  const first = firstWith.get(parsed.value.reference);
  if (first !== undefined && first !== item.index) {
    refuse(
      item,
      itemErrors(item.index, [
        {
          ErrorCode: 'VN.OB.Bills.ReferenceConflict',
          Message: `Data.Bills[${first}] has this Reference already: each bill appears once in a batch.`,
          Path: 'Data.Reference',
        },
      ]),
    );
    return;
  }
  if (partner instanceof DomainError) {
    refuse(item, itemErrors(item.index, partner.details));
    return;
  }
  try {
    const bill = await createBill(batch.clientId, parsed.value, now, partner);
    item.status = 'Created';
    item.billId = bill.billId;
  } catch (error) {
    if (error instanceof DomainError && (error.kind === 'invalid' || error.kind === 'conflict')) {
      refuse(item, itemErrors(item.index, error.details));
      return;
    }
    // Throttling, a lost race, an outage: not the item's fault; the next run tries it again.
    logger.warn('bill batch item left pending', { batchId: batch.batchId, index: item.index, error });
  }
}

function refuse(item: BatchItem, errors: BatchItem['errors']): void {
  item.status = 'Refused';
  item.errors = errors;
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
