/**
 * Bill batches: items per second from `POST /v1/bill-batches`'s use case through the batch
 * worker (each item parsed with the rules of `POST /v1/bills` and created by its use case: the
 * partner read, then one TransactWriteItems of the bill and its unique reference; chunk and
 * progress saves), against the same work bare: every DynamoDB call of one captured batch of ours
 * replayed raw (bench/replay.ts: same items, conditions and round trips, checked by
 * bench/harness.ts), batches alternating, at least 3 of each.
 *
 * Run: `npx tsx bench/bills-batch.ts [items]` (starts an in-memory DynamoDB Local unless
 * `AWS_ENDPOINT_URL_DYNAMODB` and `TABLE_NAME` point at one). `benchBillBatches()` returns the
 * rows for bench/run.ts. */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DynamoCapture, workPer } from './capture.ts';
import { inTurn, sameWorkRow } from './harness.ts';
import { replayer } from './replay.ts';
import { type BenchRow, round } from './report.ts';
import { ensureEngine } from './setup.ts';

export interface BillBatchBenchOptions {
  /** Items per round (one batch of ours, the same count bare); 3 rounds. */
  items?: number;
  rounds?: number;
}

/** The batch worker's concurrency (process-bill-batches.ts), for the notes. */
const CONCURRENCY = 16;

function vietnamDate(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Batch items per second through the use case and worker vs the DynamoDB calls of a captured batch replayed raw. */
export async function benchBillBatches(options: BillBatchBenchOptions = {}): Promise<BenchRow[]> {
  const items = options.items ?? (process.env.BENCH_QUICK === '1' ? 200 : 1000);
  const rounds = Math.max(3, options.rounds ?? 3);
  const stopEngine = await ensureEngine();
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { dynamo } = await import('../functions/store/client.ts');
  const { openCollectionAccount } = await import('../functions/store/bills/partners.ts');
  const { submitBillBatch } = await import('../functions/use-cases/bills/submit-bill-batch.ts');
  const { processBillBatches } = await import('../functions/use-cases/bills/process-bill-batches.ts');
  const raw = new DynamoDBClient({ maxAttempts: 4 });
  const ours = new DynamoCapture(dynamo, { preImages: new DynamoDBClient({}) });
  const theirs = new DynamoCapture(raw);
  try {
    const run = randomUUID().slice(0, 8);
    const clientId = `bench-city-${run}`;
    await openCollectionAccount({ clientId, name: 'Trường THPT Chu Văn An', shards: 16 });
    const bill = (round: number, i: number) => ({
      Category: 'tuition',
      Reference: `HK1-${run}-${round}-${i}`,
      PayerName: `Học sinh ${i}`,
      Amount: String(1_500_000 + (i % 7) * 50_000),
      DueDate: vietnamDate(30),
      Description: 'Học phí học kỳ I năm học 2026-2027',
    });
    // Ours: accept the batch, then the worker creates every item (each call one invocation of it).
    let invocations = 0;
    const batch = async (round: number) => {
      await submitBillBatch(clientId, {
        Data: { Bills: Array.from({ length: items }, (_, i) => bill(round, i)) },
      });
      let done = 0;
      while (done < items) {
        done += (await processBillBatches({ clientId })).items;
        if (round > 0) invocations++;
      }
    };

    // Untimed: one batch of ours captured (every call, its items, conditions and round trips),
    // the template of the baseline and the per-item work bench/capacity.ts costs.
    const { captured } = await ours.capture(() => batch(0));
    const replay = replayer(captured, raw, run, 'pipeline');
    await replay.seed(0);
    const { captured: replayed } = await theirs.capture(() => replay.run(0));
    await replay.clean(0);

    const repeats = { ours: [] as number[], baseline: [] as number[] };
    let oursMs = 0;
    for (let r = 1; r <= rounds; r++) {
      // Alternating which side goes first, each side's batch timed alone.
      const timeOurs = async () => {
        const started = performance.now();
        await batch(r);
        const ms = performance.now() - started;
        oursMs += ms;
        repeats.ours.push((items / ms) * 1000);
      };
      const timeBaseline = async () => repeats.baseline.push((items / (await replay.timed(r))) * 1000);
      await inTurn(r - 1, timeOurs, timeBaseline);
    }
    const total = items * rounds;
    return [
      {
        // bench/capacity.ts costs a bill's creation from this row (`bills: create a bill`).
        name: 'bills: create a bill (batch item), DynamoDB work and worker time per item',
        value: round(oursMs / total, 2),
        unit: 'ms',
        invocations: round(invocations / total, 4),
        work: workPer(captured, items),
        note: `DynamoDB work per item captured over an untimed batch of ${items}; time: the timed batches' wall time per item (${CONCURRENCY} items at a time in one worker)`,
      },
      sameWorkRow(
        `bill batch items (${rounds} batches of ${items}, worker concurrency ${CONCURRENCY}) vs the same calls replayed raw`,
        repeats,
        'items/s',
        { ours: workPer(captured, items), baseline: workPer(replayed, items) },
        'ours: accept, then parse + partner read + bill/reference transaction per item, chunk saves; baseline: every DynamoDB call of one captured batch of ours replayed raw as a pipeline (each call as soon as the call it waited for in ours has ended: same items, conditions, round trips), batches alternating; work per item',
      ),
    ];
  } finally {
    ours.remove();
    theirs.remove();
    await stopEngine();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const items = process.argv[2] ? Number(process.argv[2]) : undefined;
  for (const row of await benchBillBatches(items ? { items } : {})) console.log(row);
}
