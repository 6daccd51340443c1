/**
 * Ledger benchmark: transfers per second through the real payment path of the store
 * (idempotency claim + read + one TransactWriteItems carrying the key's completion) against
 * a loop of bare TransactWriteItems writing the same postings, on the same engine in the
 * same run; and DynamoDB calls per transfer, counted by a middleware on the client.
 *
 * Run: `npx tsx bench/ledger.ts` (starts an in-memory DynamoDB Local unless
 * `AWS_ENDPOINT_URL_DYNAMODB` points at one). `benchLedger()` returns the rows for bench/run.ts.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Captured, DynamoCapture } from './capture.ts';
import { sameWorkRow } from './harness.ts';
import { replayer } from './replay.ts';
import { quick } from './report.ts';
import { ensureEngine } from './setup.ts';
import { averageWork, heaviest } from './work.ts';

/** Transfers of ours captured to build the replayed baseline from (the heaviest is replayed). */
const CAPTURES = 5;
/** Alternating repeats (ours, replay) of the throughput comparison. */
const ROUNDS = 3;

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The reference measured in the same run, when the row is a comparison. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  note?: string;
}

export interface LedgerBenchOptions {
  transfers?: number;
  concurrency?: number;
  accounts?: number;
}

async function inParallel(
  count: number,
  limit: number,
  task: (index: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Measures the ledger path and its bare baseline; returns one row per figure. */
export async function benchLedger(options: LedgerBenchOptions = {}): Promise<BenchRow[]> {
  const transfers = options.transfers ?? (quick() ? 120 : 400);
  const concurrency = options.concurrency ?? 8;
  const accountCount = options.accounts ?? 40;
  const stopEngine = await ensureEngine();
  // Imported only now: the store reads its configuration from the environment just set.
  const { dynamo } = await import('../functions/store/client.ts');
  const { openAccount } = await import('../functions/store/ledger/accounts.ts');
  const { postTransfer } = await import('../functions/store/ledger/transfer.ts');
  const { beginIdempotent, completionWrite } = await import('../functions/store/idempotency.ts');
  const { requestFingerprint } = await import('../functions/domain/idempotency.ts');
  const { UNBOUNDED_OVERDRAFT } = await import('../functions/domain/ledger/accounts.ts');

  const counted = { commands: 0, requests: 0 };
  dynamo.middlewareStack.add(
    (next) => (args) => {
      counted.commands++;
      return next(args);
    },
    { step: 'initialize', name: 'benchCountCommands' },
  );
  dynamo.middlewareStack.add(
    (next) => (args) => {
      counted.requests++;
      return next(args);
    },
    // Inside the retry middleware, so SDK-level retries count too.
    { step: 'finalizeRequest', priority: 'low', name: 'benchCountRequests' },
  );
  // Our transfers' calls, captured with the items' prior state; the replay's, through a bare client.
  const ours = new DynamoCapture(dynamo, { preImages: new DynamoDBClient({}) });
  const raw = new DynamoDBClient({ maxAttempts: 4 });
  const theirs = new DynamoCapture(raw);

  try {
    const run = randomUUID();
    const open = (accountId: string, overdraftLimit = 0) =>
      openAccount({
        accountId,
        ownerId: `bench-${run}`,
        ownerKind: 'customer',
        bankBin: '970415',
        accountNumber: accountId.slice(-12),
        name: 'BENCH',
        accountType: 'Personal',
        accountSubType: 'CurrentAccount',
        currency: 'VND',
        status: 'Enabled',
        overdraftLimit,
      });
    const funding = `bench-funding-${run}`;
    await open(funding, UNBOUNDED_OVERDRAFT);
    const accounts = Array.from({ length: accountCount }, (_, i) => `bench-${run}-${i}`);
    await inParallel(accounts.length, 8, (i) => open(accounts[i]!));
    // One by one: the funding account is a hot account, and contention is not what this measures.
    await inParallel(accounts.length, 1, (i) =>
      postTransfer({
        kind: 'sandbox-funding',
        amount: 1_000_000_000,
        debit: { accountId: funding, description: 'bench' },
        credit: { accountId: accounts[i]!, description: 'bench' },
      }),
    );
    const pairs: Array<{ debit: string; credit: string; amount: number }> = [];
    const newPair = () => {
      const debit = Math.floor(Math.random() * accountCount);
      const credit = (debit + 1 + Math.floor(Math.random() * (accountCount - 1))) % accountCount;
      return {
        debit: accounts[debit]!,
        credit: accounts[credit]!,
        amount: 1 + Math.floor(Math.random() * 100_000),
      };
    };
    const pairAt = (i: number) => {
      pairs[i] ??= newPair();
      return pairs[i];
    };

    // The store path: claim the key, read both accounts, one transaction with the key's completion.
    let retried = 0;
    const pay = async (i: number) => {
      const pair = pairAt(i);
      const body = { debit: pair.debit, credit: pair.credit, amount: String(pair.amount) };
      const begun = await beginIdempotent(
        `bench-${run}`,
        `key-${i}`,
        requestFingerprint({ method: 'POST', path: '/bench', body }),
      );
      if (begun.kind !== 'execute') throw new Error('a fresh key replayed');
      const result = await postTransfer(
        {
          kind: 'domestic-payment',
          amount: pair.amount,
          debit: { accountId: pair.debit, description: 'bench' },
          credit: { accountId: pair.credit, description: 'bench' },
        },
        { extraWrites: [completionWrite(begun, { status: 201, body: { Data: { Amount: body.amount } } })] },
      );
      retried += result.attempts - 1;
    };
    // One at a time first: the call count of a payment nobody competes with.
    const solo = Math.min(50, transfers);
    let nextTransfer = 0;
    counted.commands = 0;
    for (let i = 0; i < solo; i++) await pay(nextTransfer++);
    const soloCommands = counted.commands;

    // The baseline does the same work by construction: a few of our transfers captured (calls,
    // items, conditions, capacity), the heaviest replayed raw through a bare client, each replay
    // on its own copies of the written items in their state before ours (bench/replay.ts).
    const captures: Captured[] = [];
    for (let i = 0; i < CAPTURES; i++) {
      const { captured } = await ours.capture(() => pay(nextTransfer++));
      captures.push(captured);
    }
    const replay = replayer(captures[heaviest(captures.map((c) => c.work))]!, raw, run.slice(0, 8));
    let nextReplay = 0;
    await replay.seed(nextReplay);
    const { captured: replayed } = await theirs.capture(() => replay.run(nextReplay++));
    const work = { ours: averageWork(captures.map((c) => c.work)), baseline: replayed.work };

    // Alternating slices of ours and the replay, both warmed up, at least 3 repeats.
    const slice = Math.ceil(transfers / ROUNDS);
    const oursSlice = async (count: number) => {
      const first = nextTransfer;
      nextTransfer += count;
      const started = performance.now();
      await inParallel(count, concurrency, (i) => pay(first + i));
      return count / ((performance.now() - started) / 1000);
    };
    const baselineSlice = async (count: number) => {
      const first = nextReplay;
      nextReplay += count;
      // Untimed: each replay's copies, in their state before our transfer.
      await inParallel(count, 8, (i) => replay.seed(first + i));
      const started = performance.now();
      await inParallel(count, concurrency, (i) => replay.run(first + i));
      return count / ((performance.now() - started) / 1000);
    };
    const warmup = Math.min(20, slice);
    await oursSlice(warmup);
    await baselineSlice(warmup);
    counted.commands = 0;
    counted.requests = 0;
    retried = 0;
    const rates = { ours: [] as number[], baseline: [] as number[] };
    let oursTransfers = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
      for (const side of order) {
        if (side === 'ours') {
          rates.ours.push(await oursSlice(slice));
          oursTransfers += slice;
        } else {
          const commands = counted.commands;
          const requests = counted.requests;
          rates.baseline.push(await baselineSlice(slice));
          // The replay's client is not counted; keep ours' counts ours alone.
          counted.commands = commands;
          counted.requests = requests;
        }
      }
    }
    const ledgerCommands = counted.commands;
    const ledgerRequests = counted.requests;

    return [
      sameWorkRow(
        `ledger: transfers/s through idempotency + postTransfer (${concurrency} in flight)`,
        rates,
        'transfers/s',
        work,
        `baseline: our captured DynamoDB calls of one transfer replayed raw (same items, conditions, round trips), each replay on its own copies so none contends; ours over ${accountCount} accounts, ${retried} optimistic retries; ${ROUNDS} alternating repeats of ${slice} transfers per side, ratio = median (min–max)`,
        1,
      ),
      {
        name: 'ledger: DynamoDB calls per transfer, uncontended (1 in flight)',
        value: round(soloCommands / solo, 3),
        unit: 'calls',
        target: { valueAtMost: 3 },
        note: 'PutItem (claim the key) + BatchGetItem (both accounts) + TransactWriteItems',
      },
      {
        name: `ledger: DynamoDB calls per transfer, ${concurrency} in flight over ${accountCount} accounts`,
        value: round(ledgerCommands / oursTransfers, 3),
        unit: 'calls',
        note: `above the uncontended 3 only by optimistic retries (one TransactWriteItems each); HTTP requests incl. SDK retries: ${round(ledgerRequests / oursTransfers, 3)}`,
      },
    ];
  } finally {
    dynamo.middlewareStack.remove('benchCountCommands');
    dynamo.middlewareStack.remove('benchCountRequests');
    ours.remove();
    theirs.remove();
    await stopEngine();
  }
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchLedger();
  console.table(rows);
}
