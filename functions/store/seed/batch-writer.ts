import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';

/** What the writer needs from a DynamoDB document client (the real one, or one wrapping it). */
export interface BatchSender {
  send(command: BatchWriteCommand): Promise<BatchWriteCommandOutput>;
}

export interface BatchWriterOptions {
  client: BatchSender;
  tableName: string;
  /** Batches in flight at once (each up to 25 items). */
  concurrency?: number;
  /** Retries of items DynamoDB returns as unprocessed (throttling), with exponential backoff and jitter. */
  maxRetries?: number;
  /** Called after each batch with the number of items written so far. */
  onWritten?: (written: number) => void;
}

/** BatchWriteItem's limit. */
const BATCH_SIZE = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes many items with BatchWriteItem: chunks of 25, a bounded number of batches in flight,
 * unprocessed items retried with backoff. `put` waits when the pipeline is full, so a producer
 * of millions of items never outruns the table. The first failure stops the writer; every later
 * call rejects with it.
 */
export class BatchWriter {
  private readonly client: BatchSender;
  private readonly tableName: string;
  private readonly concurrency: number;
  private readonly maxRetries: number;
  private readonly onWritten: ((written: number) => void) | undefined;
  private buffer: Record<string, unknown>[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;
  /** Items acknowledged by DynamoDB so far. */
  written = 0;

  constructor(options: BatchWriterOptions) {
    if (!options.tableName) throw new Error('BatchWriter needs a table name');
    this.client = options.client;
    this.tableName = options.tableName;
    this.concurrency = Math.max(1, options.concurrency ?? 16);
    this.maxRetries = options.maxRetries ?? 12;
    this.onWritten = options.onWritten;
  }

  /** Queues one item; resolves once it is buffered (waiting while the pipeline is full). */
  async put(item: Record<string, unknown>): Promise<void> {
    this.throwIfFailed();
    this.buffer.push(item);
    if (this.buffer.length >= BATCH_SIZE) await this.dispatch();
  }

  /** Resolves when every item put so far is written (later puts may continue meanwhile). */
  async barrier(): Promise<void> {
    if (this.buffer.length > 0) await this.dispatch();
    await Promise.all([...this.inFlight]);
    this.throwIfFailed();
  }

  /** Writes what is left and waits for everything. */
  close(): Promise<void> {
    return this.barrier();
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private async dispatch(): Promise<void> {
    const items = this.buffer;
    this.buffer = [];
    while (this.inFlight.size >= this.concurrency) await Promise.race(this.inFlight);
    this.throwIfFailed();
    const running: Promise<void> = this.writeBatch(items)
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.inFlight.delete(running));
    this.inFlight.add(running);
  }

  private async writeBatch(items: Record<string, unknown>[]): Promise<void> {
    let requests = items.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; ; attempt++) {
      const output = await this.client.send(
        new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }),
      );
      const left = (output.UnprocessedItems?.[this.tableName] ?? []) as typeof requests;
      this.written += requests.length - left.length;
      this.onWritten?.(this.written);
      if (left.length === 0) return;
      if (attempt >= this.maxRetries) {
        throw new Error(`${left.length} items were still unprocessed after ${attempt + 1} attempts`);
      }
      // Full jitter: concurrent batches that were throttled together do not retry together.
      await sleep(Math.random() * Math.min(5_000, 50 * 2 ** attempt));
      requests = left;
    }
  }
}
