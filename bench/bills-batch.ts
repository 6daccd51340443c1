/**
 * Bill batches: items per second from `POST /v1/bill-batches`'s use case through the batch
 * worker (each item parsed with the rules of `POST /v1/bills` and created by its use case: the
 * partner read, then one TransactWriteItems of the bill and its unique reference), against a bare
 * `TransactWriteItems` of the same two items per bill at the same concurrency, interleaved round
 * by round in the same run. DynamoDB calls per item are counted by a middleware on the client.
 *
 * Run: `npx tsx bench/bills-batch.ts [items]` (starts an in-memory DynamoDB Local unless
 * `AWS_ENDPOINT_URL_DYNAMODB` and `TABLE_NAME` point at one). `benchBillBatches()` returns the
 * rows for bench/run.ts.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DynamoCapture, workPer } from './capture.ts';
import { type BenchRow, compared, round } from './report.ts';
import { ensureEngine } from './setup.ts';
import type { Work } from './work.ts';

export interface BillBatchBenchOptions {
  /** Items per round (one batch of ours, the same count bare); 3 rounds. */
  items?: number;
  rounds?: number;
}

/** Items of the untimed batch whose DynamoDB work is captured. */
const CAPTURED_ITEMS = 32;

/** The batch worker's concurrency, so the baseline writes as many at a time. */
const CONCURRENCY = 16;

function vietnamDate(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Batch items per second through the use case and worker vs bare TransactWriteItems of the same items. */
export async function benchBillBatches(options: BillBatchBenchOptions = {}): Promise<BenchRow[]> {
  const items = options.items ?? (process.env.BENCH_QUICK === '1' ? 200 : 1000);
  const rounds = options.rounds ?? 3;
  const stopEngine = await ensureEngine();
  const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { dynamo, documents, mainTableName } = await import('../functions/store/client.ts');
  const { keys } = await import('../functions/store/keys.ts');
  const { openCollectionAccount } = await import('../functions/store/bills/partners.ts');
  const { submitBillBatch } = await import('../functions/use-cases/bills/submit-bill-batch.ts');
  const { processBillBatches } = await import('../functions/use-cases/bills/process-bill-batches.ts');
  const counted = { commands: 0 };
  dynamo.middlewareStack.add(
    (next) => (args) => {
      counted.commands++;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountBatchCommands' },
  );
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

    let oursMs = 0;
    let bareMs = 0;
    let oursCommands = 0;
    let bareCommands = 0;
    for (let r = 0; r < rounds; r++) {
      // Ours: accept the batch, then the worker creates every item.
      let started = performance.now();
      let before = counted.commands;
      await submitBillBatch(clientId, {
        Data: { Bills: Array.from({ length: items }, (_, i) => bill(r, i)) },
      });
      let done = 0;
      while (done < items) done += (await processBillBatches({ clientId })).items;
      oursMs += performance.now() - started;
      oursCommands += counted.commands - before;

      // Baseline: the same two items per bill (the bill, its unique reference), one bare transaction each.
      started = performance.now();
      before = counted.commands;
      const createdAt = new Date().toISOString();
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < items) {
            const i = next++;
            const data = bill(r + rounds, i);
            const billId = `bench_${run}_${r}_${i}`;
            await documents.send(
              new TransactWriteCommand({
                TransactItems: [
                  {
                    Put: {
                      TableName: mainTableName(),
                      Item: {
                        ...keys.bill(billId),
                        ...keys.billsOfClient(clientId, createdAt, billId),
                        type: 'Bill',
                        billId,
                        clientId,
                        category: data.Category,
                        reference: data.Reference,
                        payerName: data.PayerName,
                        amount: Number(data.Amount),
                        dueDate: data.DueDate,
                        payableUntil: data.DueDate,
                        description: data.Description,
                        status: 'Unpaid',
                        createdAt,
                        statusUpdatedAt: createdAt,
                        refunded: 0,
                        version: 0,
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                  {
                    Put: {
                      TableName: mainTableName(),
                      Item: {
                        ...keys.billReference(clientId, data.Reference),
                        type: 'BillReference',
                        billId,
                      },
                      ConditionExpression: 'attribute_not_exists(pk)',
                    },
                  },
                ],
              }),
            );
          }
        }),
      );
      bareMs += performance.now() - started;
      bareCommands += counted.commands - before;
    }
    // Untimed: the DynamoDB work of a batch's items (accept, parse, partner read, bill and
    // reference transaction, chunk saves), per item, captured over a batch of its own.
    const capture = new DynamoCapture(dynamo);
    let itemWork: Work | undefined;
    try {
      const { captured } = await capture.capture(async () => {
        await submitBillBatch(clientId, {
          Data: { Bills: Array.from({ length: CAPTURED_ITEMS }, (_, i) => bill(2 * rounds, i)) },
        });
        let done = 0;
        while (done < CAPTURED_ITEMS) done += (await processBillBatches({ clientId })).items;
      });
      itemWork = workPer(captured, CAPTURED_ITEMS);
    } finally {
      capture.remove();
    }
    const total = items * rounds;
    return [
      {
        // bench/capacity.ts costs a bill's creation from this row (`bills: create a bill`).
        name: 'bills: create a bill (batch item), DynamoDB work and worker time per item',
        value: round(oursMs / total, 2),
        unit: 'ms',
        work: itemWork,
        note: `DynamoDB work per item captured over an untimed batch of ${CAPTURED_ITEMS}; time: the timed batches' wall time per item (${CONCURRENCY} items at a time in one worker)`,
      },
      compared(
        `bill batch items (${rounds} batches of ${items}, worker concurrency ${CONCURRENCY}) vs bare TransactWriteItems`,
        (total / oursMs) * 1000,
        (total / bareMs) * 1000,
        'items/s',
        'ours: accept, then parse + partner read + bill/reference transaction per item, chunk saves; bare: the transaction only',
      ),
      {
        name: 'DynamoDB calls per batch item (ours vs bare)',
        value: round(oursCommands / total, 2),
        unit: 'calls',
        baseline: round(bareCommands / total, 2),
        ratio: round(oursCommands / bareCommands, 3),
      },
    ];
  } finally {
    dynamo.middlewareStack.remove('benchCountBatchCommands');
    await stopEngine();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const items = process.argv[2] ? Number(process.argv[2]) : undefined;
  for (const row of await benchBillBatches(items ? { items } : {})) console.log(row);
}
