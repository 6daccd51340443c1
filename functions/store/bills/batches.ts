import {
  BatchWriteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { BatchItem, BillBatch } from '#domain/bills/batch.ts';
import { documents, mainTableName } from '../client.ts';
import { listDue } from '../due-index.ts';
import { keys, pendingBillBatchesPartition } from '../keys.ts';

/**
 * Batches of bills. Layout, beside the table in `keys.ts`:
 *
 * | item          | pk                   | sk             | gsi1pk / gsi1sk                                        |
 * |---------------|----------------------|----------------|--------------------------------------------------------|
 * | batch         | BILLBATCH#<batchId>  | BATCH          | BILLBATCHES#0 / <createdAt>#<batchId> (until completed) |
 * | 100 items     | BILLBATCH#<batchId>  | CHUNK#<nnnn>   |                                                        |
 *
 * 5,000 items do not fit one DynamoDB item (400 KB), and 5,000 items of their own would cost the
 * partner's request 200 writes: chunks of 100 (`BATCH_CHUNK_SIZE`) make a 5,000-bill batch 50
 * items, written in 2 BatchWriteItem calls, and the worker saves each chunk's outcomes in one write.
 */
interface BatchRecord extends BillBatch {
  type: 'BillBatch';
  /** Epoch ms until which one worker run owns the batch. */
  leaseUntil?: number;
  ttl: number;
}

interface ChunkRecord {
  type: 'BillBatchChunk';
  batchId: string;
  chunk: number;
  items: BatchItem[];
  ttl: number;
}

/** Batches and their outcomes are kept 90 days, as long as a partner may refund. */
const KEEP_SECONDS = 90 * 24 * 3600;
const BATCH_WRITE_LIMIT = 25;

const table = () => mainTableName();
const ttlFrom = (createdAt: string) => Math.floor(Date.parse(createdAt) / 1000) + KEEP_SECONDS;

/**
 * Stores a new batch: its chunks first, then the batch item, which makes it visible (to the
 * partner and, through the pending index, to the worker). A crash in between leaves only chunks
 * no batch names, which expire.
 */
export async function insertBatch(batch: BillBatch, chunks: BatchItem[][]): Promise<void> {
  const ttl = ttlFrom(batch.createdAt);
  const puts = chunks.map((items, chunk) => {
    const record: ChunkRecord = { type: 'BillBatchChunk', batchId: batch.batchId, chunk, items, ttl };
    return { PutRequest: { Item: { ...keys.billBatchChunk(batch.batchId, chunk), ...record } } };
  });
  for (let start = 0; start < puts.length; start += BATCH_WRITE_LIMIT) {
    let pending: typeof puts | undefined = puts.slice(start, start + BATCH_WRITE_LIMIT);
    for (let attempt = 0; pending?.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const written = await documents.send(new BatchWriteCommand({ RequestItems: { [table()]: pending } }));
      pending = written.UnprocessedItems?.[table()] as typeof puts | undefined;
    }
  }
  const record: BatchRecord = { type: 'BillBatch', ...batch, ttl };
  await documents.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...keys.billBatch(batch.batchId),
        ...keys.pendingBillBatch(batch.createdAt, batch.batchId),
        ...record,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** A batch, or undefined. Strongly consistent: the partner polls it. */
export async function getBatch(batchId: string): Promise<BillBatch | undefined> {
  const found = await documents.send(
    new GetCommand({ TableName: table(), Key: keys.billBatch(batchId), ConsistentRead: true }),
  );
  return found.Item ? batchOf(found.Item as BatchRecord) : undefined;
}

/** Every item of a batch, in order, as its chunks hold them now. */
export async function readBatchItems(batchId: string): Promise<BatchItem[][]> {
  const chunks: BatchItem[][] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :chunk)',
        ExpressionAttributeValues: { ':pk': keys.billBatch(batchId).pk, ':chunk': 'CHUNK#' },
        ExclusiveStartKey: start,
        ConsistentRead: true,
        Limit: 25,
      }),
    );
    for (const item of (page.Items ?? []) as ChunkRecord[]) chunks[item.chunk] = item.items;
    start = page.LastEvaluatedKey;
  } while (start);
  return chunks;
}

/** Batches not completed yet, oldest first (eventually consistent: the lease decides who works). */
export function listPendingBatches(now: Date, limit: number): Promise<BillBatch[]> {
  return listDue<BatchRecord>({ shards: 1, partition: pendingBillBatchesPartition, now, limit }).then(
    (found) => found.map(batchOf),
  );
}

/** Takes the batch for one worker run until `leaseUntil`; false when another run holds it. */
export async function leaseBatch(batchId: string, now: Date, leaseUntil: Date): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.billBatch(batchId),
        UpdateExpression: 'SET leaseUntil = :until',
        ConditionExpression:
          'attribute_exists(pk) AND #status <> :completed AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':until': leaseUntil.getTime(),
          ':now': now.getTime(),
          ':completed': 'Completed',
        },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Ends this run's lease early (it ran out of time): the next run takes the batch at once. */
export async function releaseBatch(batchId: string): Promise<void> {
  await documents.send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.billBatch(batchId),
      UpdateExpression: 'REMOVE leaseUntil',
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
}

/** Saves one chunk's items with their outcomes. */
export async function saveChunk(batch: BillBatch, chunk: number, items: BatchItem[]): Promise<void> {
  const record: ChunkRecord = {
    type: 'BillBatchChunk',
    batchId: batch.batchId,
    chunk,
    items,
    ttl: ttlFrom(batch.createdAt),
  };
  await documents.send(
    new PutCommand({ TableName: table(), Item: { ...keys.billBatchChunk(batch.batchId, chunk), ...record } }),
  );
}

/**
 * Records the batch's progress; once completed it leaves the pending index and its lease ends.
 */
export async function saveProgress(batch: BillBatch): Promise<void> {
  const completed = batch.status === 'Completed';
  const sets = ['#status = :status', 'createdCount = :created', 'refusedCount = :refused'];
  const values: Record<string, unknown> = {
    ':status': batch.status,
    ':created': batch.createdCount,
    ':refused': batch.refusedCount,
  };
  if (completed) {
    sets.push('completedAt = :completedAt');
    values[':completedAt'] = batch.completedAt;
  }
  await documents.send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.billBatch(batch.batchId),
      UpdateExpression: `SET ${sets.join(', ')}${completed ? ' REMOVE gsi1pk, gsi1sk, leaseUntil' : ''}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    }),
  );
}

function batchOf(record: BatchRecord): BillBatch {
  return {
    batchId: record.batchId,
    clientId: record.clientId,
    status: record.status,
    itemCount: record.itemCount,
    createdCount: record.createdCount,
    refusedCount: record.refusedCount,
    createdAt: record.createdAt,
    ...(record.completedAt && { completedAt: record.completedAt }),
  };
}
