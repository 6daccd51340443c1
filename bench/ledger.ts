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

/** Points the SDK at a fresh in-memory DynamoDB Local when no endpoint is configured. */
async function ensureEngine(): Promise<() => Promise<void>> {
  if (process.env.AWS_ENDPOINT_URL_DYNAMODB && process.env.TABLE_NAME) return async () => {};
  const { startDynamo, ensureTables, localClient } = await import('../local/dynamodb.ts');
  const { localEnvironment } = await import('../local/environment.ts');
  const engine = await startDynamo();
  await ensureTables(localClient(engine.endpoint));
  Object.assign(
    process.env,
    localEnvironment({
      dynamoEndpoint: engine.endpoint,
      publicBaseUrl: 'http://127.0.0.1',
      dataDir: '',
      sandbox: true,
    }),
  );
  return engine.stop;
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
  const transfers = options.transfers ?? 400;
  const concurrency = options.concurrency ?? 8;
  const accountCount = options.accounts ?? 40;
  const stopEngine = await ensureEngine();
  // Imported only now: the store reads its configuration from the environment just set.
  const { dynamo, documents, mainTableName } = await import('../functions/store/client.ts');
  const { keys } = await import('../functions/store/keys.ts');
  const { openAccount } = await import('../functions/store/ledger/accounts.ts');
  const { postTransfer } = await import('../functions/store/ledger/transfer.ts');
  const { beginIdempotent, completionWrite } = await import('../functions/store/idempotency.ts');
  const { requestFingerprint } = await import('../functions/domain/idempotency.ts');
  const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
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
    const pairs = Array.from({ length: transfers + Math.min(50, transfers) }, () => {
      const debit = Math.floor(Math.random() * accountCount);
      const credit = (debit + 1 + Math.floor(Math.random() * (accountCount - 1))) % accountCount;
      return {
        debit: accounts[debit]!,
        credit: accounts[credit]!,
        amount: 1 + Math.floor(Math.random() * 100_000),
      };
    });

    // The store path: claim the key, read both accounts, one transaction with the key's completion.
    let retried = 0;
    const pay = async (i: number) => {
      const pair = pairs[i]!;
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
    counted.commands = 0;
    for (let i = 0; i < solo; i++) await pay(transfers + i);
    const soloCommands = counted.commands;

    counted.commands = 0;
    counted.requests = 0;
    retried = 0;
    const ledgerStart = performance.now();
    await inParallel(transfers, concurrency, pay);
    const ledgerSeconds = (performance.now() - ledgerStart) / 1000;
    const ledgerCommands = counted.commands;
    const ledgerRequests = counted.requests;

    // The baseline: the same postings as bare transactions (relative updates, no read, no key, no version).
    const table = mainTableName();
    const bareStart = performance.now();
    await inParallel(transfers, concurrency, async (i) => {
      const pair = pairs[i]!;
      const at = new Date().toISOString();
      const postingId = `bare-${run}-${i}`;
      const entry = (accountId: string, creditDebit: 'Credit' | 'Debit') => ({
        Put: {
          TableName: table,
          Item: {
            ...keys.ledgerEntry(accountId, at, `${postingId}-${creditDebit}`),
            amount: pair.amount,
            creditDebit,
          },
        },
      });
      const move = (accountId: string, delta: number) => ({
        Update: {
          TableName: table,
          Key: keys.account(accountId),
          UpdateExpression: 'ADD balance :delta, version :one',
          ExpressionAttributeValues: { ':delta': delta, ':one': 1 },
        },
      });
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            move(pair.debit, -pair.amount),
            move(pair.credit, pair.amount),
            entry(pair.debit, 'Debit'),
            entry(pair.credit, 'Credit'),
            { Put: { TableName: table, Item: { ...keys.posting(postingId), amount: pair.amount } } },
          ],
        }),
      );
    });
    const bareSeconds = (performance.now() - bareStart) / 1000;

    const ledgerRate = transfers / ledgerSeconds;
    const bareRate = transfers / bareSeconds;
    return [
      {
        name: `ledger: transfers/s through idempotency + postTransfer (${concurrency} in flight)`,
        value: round(ledgerRate),
        unit: 'transfers/s',
        baseline: round(bareRate),
        ratio: round(ledgerRate / bareRate, 3),
        note: `baseline: bare TransactWriteItems of the same postings; ${retried} optimistic retries`,
      },
      {
        name: 'ledger: DynamoDB calls per transfer, uncontended (1 in flight)',
        value: round(soloCommands / solo, 3),
        unit: 'calls',
        baseline: 3,
        ratio: round(soloCommands / solo / 3, 3),
        note: 'target ≤ 3: PutItem (claim the key) + BatchGetItem (both accounts) + TransactWriteItems',
      },
      {
        name: `ledger: DynamoDB calls per transfer, ${concurrency} in flight over ${accountCount} accounts`,
        value: round(ledgerCommands / transfers, 3),
        unit: 'calls',
        baseline: 3,
        ratio: round(ledgerCommands / transfers / 3, 3),
        note: `above 3 only by optimistic retries (one TransactWriteItems each); HTTP requests incl. SDK retries: ${round(ledgerRequests / transfers, 3)}`,
      },
    ];
  } finally {
    dynamo.middlewareStack.remove('benchCountCommands');
    dynamo.middlewareStack.remove('benchCountRequests');
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
