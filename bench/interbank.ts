/**
 * Hot-account benchmark: interbank payments per second with 50 concurrent payers (every one of
 * them crediting the bank's NAPAS clearing account) against intra-bank payments of the same
 * payers in the same run (each crediting a payee of its own: no shared account), as a ratio,
 * for clearing unsharded (read + version-checked update, as before sharding), on 1 shard and on
 * 16 shards (an unconditioned add on one shard). Refusals (409 busy, 5xx) and lost transaction
 * races are counted.
 *
 * The shard count is read once at cold start (`BANK_ACCOUNT_SHARDS`), so each setting runs in a
 * child process of its own with its own local gateway, on the same DynamoDB engine; the parent
 * collects one JSON line from each. All payments of a run are authorised up front through the
 * real OAuth journey; only the submissions are timed, alternating intra-bank and interbank rounds.
 *
 * Run alone: `npx tsx bench/payments.ts` (it calls this after its own rows), or under
 * `npm run bench -- --only payments`.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** One figure against its same-run baseline (the shape `bench/run.ts` prints). */
interface BenchRow {
  name: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
  note?: string;
}

const PAYERS = 50;
/** Payments per payer and kind (each payer's payments go one after another). */
const ROUNDS = 2;
const SETTINGS = [
  { label: 'clearing unsharded (before)', shards: 0 },
  { label: 'clearing on 1 shard', shards: 1 },
  { label: 'clearing on 16 shards', shards: 16 },
] as const;

interface KindResult {
  seconds: number;
  booked: number;
  /** Answers other than 201, by status. */
  refused: Record<string, number>;
  /** TransactWriteItems calls cancelled (a lost race or condition), then retried or refused. */
  cancelled: number;
  transactions: number;
}

interface ChildResult {
  shards: number;
  intra: KindResult;
  interbank: KindResult;
  setupSeconds: number;
}

/** Runs every setting in a child process and returns one row per setting. */
export async function benchInterbank(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const setting of SETTINGS) {
    const result = await runChild(setting.shards);
    const interbank = result.interbank.booked / result.interbank.seconds;
    const intra = result.intra.booked / result.intra.seconds;
    const describe = (kind: KindResult) =>
      `${kind.booked} booked, refused ${JSON.stringify(kind.refused)}, ${kind.cancelled} of ${kind.transactions} TransactWriteItems cancelled (retried)`;
    rows.push({
      name: `payments: interbank vs intra-bank payments/s, ${PAYERS} concurrent payers, ${setting.label}`,
      value: round(interbank),
      unit: 'payments/s',
      baseline: round(intra),
      ratio: round(interbank / intra, 3),
      note: `baseline: intra-bank payments of the same payers in the same run (no shared account). interbank: ${describe(result.interbank)}; intra-bank: ${describe(result.intra)}; setup ${round(result.setupSeconds)} s, untimed`,
    });
  }
  return rows;
}

function runChild(shards: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], {
      env: { ...process.env, BANK_ACCOUNT_SHARDS: String(shards), POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((text) => text.startsWith('{"shards"'));
      if (code !== 0 || !line)
        reject(new Error(`interbank bench child (shards ${shards}) exited ${code}: ${out}`));
      else resolve(JSON.parse(line) as ChildResult);
    });
  });
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** One setting, in this (child) process: its own gateway on the engine the environment names. */
async function child(): Promise<ChildResult> {
  const { freePort } = await import('../local/dynamodb.ts');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  process.env.PUBLIC_BASE_URL = baseUrl;
  const { activeRoutes } = await import('../functions/routing/routes.ts');
  const { startGateway } = await import('../local/gateway.ts');
  const { dynamo } = await import('../functions/store/client.ts');
  const { createCustomer } = await import('../test/helpers/customers.ts');
  const { CustomerBrowser } = await import('../test/helpers/customer-browser.ts');
  const { initiation, otherBankPayee, PayingFintech, payeeOf } = await import('../test/payments/fixtures.ts');
  const gateway = await startGateway({ port, routes: activeRoutes(true) });
  let transactions = 0;
  let cancelled = 0;
  dynamo.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'TransactWriteItemsCommand') return next(args);
      transactions++;
      try {
        return await next(args);
      } catch (error) {
        cancelled++;
        throw error;
      }
    },
    { step: 'initialize', name: 'benchInterbankTransactions' },
  );
  try {
    const started = performance.now();
    const fintech = await PayingFintech.register(baseUrl);
    const inParallel = async (count: number, limit: number, task: (i: number) => Promise<void>) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: Math.min(limit, count) }, async () => {
          while (next < count) await task(next++);
        }),
      );
    };
    const payers: Awaited<ReturnType<typeof createCustomer>>[] = [];
    const payees: Awaited<ReturnType<typeof createCustomer>>[] = [];
    await inParallel(PAYERS * 2, 4, async (i) => {
      const customer = await createCustomer([i < PAYERS ? 1_000_000_000 : 0]);
      if (i < PAYERS) payers[i] = customer;
      else payees[i - PAYERS] = customer;
    });
    const browsers = payers.map(() => new CustomerBrowser());
    type Authorised = Awaited<ReturnType<typeof fintech.authorisedConsent>>;
    const consents = { intra: [] as Authorised[][], interbank: [] as Authorised[][] };
    await inParallel(PAYERS, 4, async (p) => {
      for (const kind of ['intra', 'interbank'] as const) {
        consents[kind][p] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const payee = kind === 'intra' ? payeeOf(payees[p]!) : otherBankPayee();
          consents[kind][p]!.push(
            await fintech.authorisedConsent(payers[p]!, initiation(payee, String(1_000 + p * 10 + round)), {
              browser: browsers[p]!,
            }),
          );
        }
      }
    });
    const setupSeconds = (performance.now() - started) / 1000;

    const results: Record<'intra' | 'interbank', KindResult> = {
      intra: { seconds: 0, booked: 0, refused: {}, cancelled: 0, transactions: 0 },
      interbank: { seconds: 0, booked: 0, refused: {}, cancelled: 0, transactions: 0 },
    };
    // Alternating rounds, all payers at once in each: noise hits both kinds alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const kind of ['intra', 'interbank'] as const) {
        const result = results[kind];
        const [txBefore, cancelledBefore] = [transactions, cancelled];
        const sent = performance.now();
        await Promise.all(
          consents[kind].map(async (perPayer) => {
            const consent = perPayer[round]!;
            const answer = await fintech.pay(consent.token, consent.consentId, consent.initiation);
            if (answer.status === 201) result.booked++;
            else result.refused[answer.status] = (result.refused[answer.status] ?? 0) + 1;
          }),
        );
        result.seconds += (performance.now() - sent) / 1000;
        result.transactions += transactions - txBefore;
        result.cancelled += cancelled - cancelledBefore;
      }
    }
    return { shards: Number(process.env.BANK_ACCOUNT_SHARDS), ...results, setupSeconds };
  } finally {
    dynamo.middlewareStack.remove('benchInterbankTransactions');
    await gateway.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--child')) {
  const result = await child();
  console.log(JSON.stringify(result));
  process.exit(0);
}
