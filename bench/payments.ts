/**
 * Payment benchmark: domestic payments per second through the whole HTTP path (local gateway →
 * `POST /v1/pisp/domestic-payments` handler → DynamoDB Local, with real DPoP-bound customer
 * tokens from the real OAuth flow) against a loop of bare TransactWriteItems booking the same
 * postings on the same engine in the same run; and DynamoDB calls per payment, counted by a
 * middleware on the shared client and sorted by purpose.
 *
 * Consents are created and authorised by their customers BEFORE the timed part (each needs a
 * full PAR / sign-in / consent / code exchange); only the submissions are timed.
 *
 * Then the hot-account comparison of `interbank.ts`: interbank against intra-bank payments with
 * 50 concurrent payers, NAPAS clearing unsharded, on 1 shard and on 16 shards.
 *
 * Run: `npx tsx bench/payments.ts` (starts its own DynamoDB Local and gateway and stops them).
 * Under `bench/run.ts` it reuses the platform the environment points at.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchInterbank } from './interbank.ts';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** The reference measured in the same run, when the row is a comparison. */
  baseline?: number;
  /** value / baseline. */
  ratio?: number;
  note?: string;
  /** A target on the value (bench/report.ts judges it). */
  target?: { valueAtMost: number };
}

export interface PaymentBenchOptions {
  /** Payments in the timed run. */
  payments?: number;
  /** Payments submitted one at a time first, for the uncontended call count. */
  solo?: number;
  concurrency?: number;
  customers?: number;
  /** Also run the hot-account comparison of `interbank.ts` (default true). */
  interbank?: boolean;
}

/** Where the calls of one payment go, by purpose. */
type Purpose =
  | 'DPoP proof id (PutItem)'
  | 'consent read (GetItem)'
  | 'idempotency claim (PutItem)'
  | 'ledger read (BatchGetItem)'
  | 'ledger write (TransactWriteItems)'
  | 'other';

const LEDGER_PART: Purpose[] = [
  'idempotency claim (PutItem)',
  'ledger read (BatchGetItem)',
  'ledger write (TransactWriteItems)',
];

interface Platform {
  baseUrl: string;
  stop(): Promise<void>;
}

/** The running platform when bench/run.ts started one; otherwise a fresh engine and gateway of our own. */
async function ensurePlatform(): Promise<Platform> {
  const { activeRoutes } = await import('../functions/routing/routes.ts');
  const shared =
    process.env.AWS_ENDPOINT_URL_DYNAMODB && process.env.TABLE_NAME && process.env.PUBLIC_BASE_URL;
  if (shared) {
    return { baseUrl: process.env.PUBLIC_BASE_URL!, stop: async () => {} };
  }
  const { startDynamo, ensureTables, localClient, freePort } = await import('../local/dynamodb.ts');
  const { localEnvironment } = await import('../local/environment.ts');
  const engine = await startDynamo();
  const dataDir = mkdtempSync(join(tmpdir(), 'ob-bench-payments-'));
  try {
    await ensureTables(localClient(engine.endpoint));
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    Object.assign(
      process.env,
      localEnvironment({ dynamoEndpoint: engine.endpoint, publicBaseUrl: baseUrl, dataDir, sandbox: true }),
    );
    process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
    const { startGateway } = await import('../local/gateway.ts');
    const gateway = await startGateway({ port, routes: activeRoutes(true) });
    return {
      baseUrl,
      stop: async () => {
        await gateway.close();
        await engine.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await engine.stop();
    throw error;
  }
}

async function inParallel<T>(
  count: number,
  limit: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
  );
}

/** The partition key a command names, in plain or marshalled form. */
function pkOf(value: unknown): string {
  const pk = (value as { pk?: unknown } | undefined)?.pk;
  if (typeof pk === 'string') return pk;
  return (pk as { S?: string } | undefined)?.S ?? '';
}

function purposeOf(command: string, input: Record<string, unknown>): Purpose {
  if (command === 'PutItemCommand') {
    const pk = pkOf(input.Item);
    if (pk.startsWith('DPOP#')) return 'DPoP proof id (PutItem)';
    if (pk.startsWith('IDEMPOTENCY#')) return 'idempotency claim (PutItem)';
  }
  if (command === 'GetItemCommand' && pkOf(input.Key).startsWith('CONSENT#')) return 'consent read (GetItem)';
  if (command === 'BatchGetItemCommand') return 'ledger read (BatchGetItem)';
  if (command === 'TransactWriteItemsCommand') return 'ledger write (TransactWriteItems)';
  return 'other';
}

/** Measures the HTTP payment path and its bare baseline; returns one row per figure. */
export async function benchPayments(options: PaymentBenchOptions = {}): Promise<BenchRow[]> {
  const payments = options.payments ?? 120;
  const solo = options.solo ?? 20;
  const concurrency = options.concurrency ?? 8;
  const customerCount = options.customers ?? 16;
  const platform = await ensurePlatform();
  // Imported only now: the store reads its configuration from the environment just set.
  const { dynamo, documents, mainTableName } = await import('../functions/store/client.ts');
  const { keys } = await import('../functions/store/keys.ts');
  const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { createCustomer } = await import('../test/helpers/customers.ts');
  const { CustomerBrowser } = await import('../test/helpers/customer-browser.ts');
  const { initiation, PayingFintech, payeeOf } = await import('../test/payments/fixtures.ts');

  const calls = new Map<Purpose, number>();
  /** Milliseconds spent waiting on DynamoDB, by purpose. */
  const waited = new Map<Purpose, number>();
  let counting = false;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (!counting) return next(args);
      const purpose = purposeOf(String(context.commandName), args.input as Record<string, unknown>);
      calls.set(purpose, (calls.get(purpose) ?? 0) + 1);
      const sent = performance.now();
      try {
        return await next(args);
      } finally {
        waited.set(purpose, (waited.get(purpose) ?? 0) + performance.now() - sent);
      }
    },
    { step: 'initialize', name: 'benchPaymentCalls' },
  );
  const measure = async (work: () => Promise<void>) => {
    calls.clear();
    waited.clear();
    counting = true;
    const started = performance.now();
    try {
      await work();
    } finally {
      counting = false;
    }
    return { seconds: (performance.now() - started) / 1000, calls: new Map(calls), waited: new Map(waited) };
  };
  const total = (counted: Map<Purpose, number>, only?: Purpose[]) =>
    [...counted].filter(([purpose]) => !only || only.includes(purpose)).reduce((sum, [, n]) => sum + n, 0);

  try {
    // Untimed: a fintech, funded customers, and every consent authorised by its customer.
    const started = performance.now();
    const fintech = await PayingFintech.register(platform.baseUrl);
    const customers: Awaited<ReturnType<typeof createCustomer>>[] = [];
    for (let i = 0; i < customerCount; i++) customers.push(await createCustomer([1_000_000_000]));
    const browsers = customers.map(() => new CustomerBrowser());
    const count = payments + solo;
    // Small amounts (no step-up, no daily limit reached); payer i pays customer i + half the ring,
    // so payments in flight together share no account: this measures the path, not contention.
    const plan = Array.from({ length: count }, (_, i) => ({
      payer: customers[i % customerCount]!,
      payee: customers[(i + Math.floor(customerCount / 2)) % customerCount]!,
      amount: 1_000 + (i % 97) * 100,
    }));
    const authorised = await inParallel(count, 4, (i) =>
      fintech.authorisedConsent(
        plan[i]!.payer,
        initiation(payeeOf(plan[i]!.payee), String(plan[i]!.amount)),
        {
          browser: browsers[i % customerCount]!,
        },
      ),
    );
    const setupSeconds = (performance.now() - started) / 1000;

    const latencies: number[] = [];
    const submit = async (i: number) => {
      const consent = authorised[i]!;
      const sent = performance.now();
      const answer = await fintech.pay(consent.token, consent.consentId, consent.initiation);
      latencies.push(performance.now() - sent);
      if (answer.status !== 201)
        throw new Error(`payment ${i} answered ${answer.status}: ${JSON.stringify(answer.json)}`);
    };
    // One at a time first: what a payment costs when nothing competes with it.
    const uncontended = await measure(async () => {
      for (let i = payments; i < count; i++) await submit(i);
    });
    const soloLatency = percentile(latencies, 50);
    latencies.length = 0;
    const timed = await measure(() => inParallel(payments, concurrency, submit).then(() => undefined));

    // The baseline: the same postings as bare transactions (relative updates, no read, no key, no version).
    const table = mainTableName();
    const run = crypto.randomUUID();
    const bare = await measure(() =>
      inParallel(payments, concurrency, async (i) => {
        const { payer, payee, amount } = plan[i]!;
        const at = new Date().toISOString();
        const postingId = `bare-${run}-${i}`;
        const move = (accountId: string, delta: number) => ({
          Update: {
            TableName: table,
            Key: keys.account(accountId),
            UpdateExpression: 'ADD balance :delta, version :one',
            ExpressionAttributeValues: { ':delta': delta, ':one': 1 },
          },
        });
        const entry = (accountId: string, creditDebit: 'Credit' | 'Debit') => ({
          Put: {
            TableName: table,
            Item: { ...keys.ledgerEntry(accountId, at, `${postingId}-${creditDebit}`), amount, creditDebit },
          },
        });
        const debit = payer.accounts[0]!.accountId;
        const credit = payee.accounts[0]!.accountId;
        await documents
          .send(
            new TransactWriteCommand({
              TransactItems: [
                move(debit, -amount),
                move(credit, amount),
                entry(debit, 'Debit'),
                entry(credit, 'Credit'),
                { Put: { TableName: table, Item: { ...keys.posting(postingId), amount } } },
              ],
            }),
          )
          .then(() => undefined);
      }).then(() => undefined),
    );

    const httpRate = payments / timed.seconds;
    const bareRate = payments / bare.seconds;
    const perPayment = (counted: Map<Purpose, number>, n: number, only?: Purpose[]) =>
      total(counted, only) / n;
    const breakdown = [...uncontended.calls]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([purpose, n]) => `${purpose} ${round(n / solo, 2)}`)
      .join(', ');
    const soloLedger = perPayment(uncontended.calls, solo, LEDGER_PART);
    const soloWaited = [...uncontended.waited]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([purpose, ms]) => `${purpose.split(' (')[0]} ${round(ms / solo)}`)
      .join(', ');
    const rows: BenchRow[] = [
      {
        // Not a same-work comparison (the floor section's payment row is): the engine's floor, no ratio.
        name: `payments: payments/s through HTTP (gateway → handler → DynamoDB, ${concurrency} in flight)`,
        value: round(httpRate),
        unit: 'payments/s',
        note: `no ratio: the engine's floor for the postings alone (bare TransactWriteItems of 5 unconditioned items, no read, no key, no consent) ran at ${round(bareRate)} payments/s; it does less work than a payment, so it is a floor, not a baseline (same-work ratio: floor section); ${payments} payments over ${customerCount} customers; p50 ${round(percentile(latencies, 50))} ms, p95 ${round(percentile(latencies, 95))} ms; setup (consents authorised through the OAuth flow) ${round(setupSeconds)} s, untimed`,
      },
      {
        name: 'payments: DynamoDB calls per payment, ledger part, uncontended',
        value: round(soloLedger, 2),
        unit: 'calls',
        target: { valueAtMost: 2 },
        note: 'target ≤ 2 (a target, not a measured baseline): one BatchGetItem (consent, both accounts, the key’s record) + one TransactWriteItems carrying posting, payment, consent, daily total, DPoP jti, idempotency record and event',
      },
      {
        name: 'payments: DynamoDB calls per payment, whole handler, uncontended',
        value: round(perPayment(uncontended.calls, solo), 2),
        unit: 'calls',
        note: `${breakdown}; the DPoP proof id (replay protection) and the consent read (its status, by authorize()) are the resource server's, before the payment starts. One payment alone: p50 ${round(soloLatency)} ms, of which DynamoDB Local (ms): ${soloWaited}`,
      },
      {
        name: `payments: DynamoDB calls per payment, whole handler, ${concurrency} in flight`,
        value: round(perPayment(timed.calls, payments), 2),
        unit: 'calls',
        note: `ledger part ${round(perPayment(timed.calls, payments, LEDGER_PART), 2)}: above 3 only by optimistic retries on accounts two payments share (one TransactWriteItems each)`,
      },
    ];
    // The hot NAPAS clearing account, unsharded against sharded (child processes on this engine).
    if (options.interbank !== false) rows.push(...(await benchInterbank()));
    return rows;
  } finally {
    dynamo.middlewareStack.remove('benchPaymentCalls');
    await platform.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchPayments();
  console.table(rows.map(({ note: _note, ...row }) => row));
  for (const row of rows) if (row.note) console.log(`- ${row.name}: ${row.note}`);
}
