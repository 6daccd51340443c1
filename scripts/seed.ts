/**
 * `npm run sandbox:seed -- --customers N [--seed S] [--heavy-account M]`: seeds the sandbox
 * standalone, on its own DynamoDB Local over the data directory `npm start` uses (stop
 * `npm start` first: two engines must not share one database file).
 *
 * Options: --customers N (default 20), --seed S, --heavy-account M (one more account with M
 * ledger entries, owned by an.nguyen), --namespace NS, --data-dir DIR (default $DATA_DIR or
 * .data), --in-memory (throw-away engine, for timing), --concurrency C (batches in flight),
 * --no-staging (write straight to disk).
 *
 * Staging: DynamoDB Local syncs its SQLite file to disk on every write, a few hundred items a
 * second on an ordinary disk. On Linux the seed therefore runs on a copy of the database in
 * /dev/shm (memory) and moves the result back into the data directory at the end.
 */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureTables, type LocalDynamo, localClient, startDynamo } from '../local/dynamodb.ts';
import { localEnvironment } from '../local/environment.ts';

interface SeedCommand {
  customers: number;
  seed?: string;
  heavyAccount?: number;
  namespace: string;
  dataDir: string;
  inMemory: boolean;
  concurrency?: number;
  staging: boolean;
}

function wholeNumber(name: string, value: string | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} takes a whole number, got '${value}'`);
  return Number(value);
}

export function parseSeedCommand(argv: string[]): SeedCommand {
  const { values } = parseArgs({
    args: argv,
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      'heavy-account': { type: 'string' },
      namespace: { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      concurrency: { type: 'string' },
      'no-staging': { type: 'boolean' },
    },
    strict: true,
  });
  const heavyAccount = wholeNumber('heavy-account', values['heavy-account']);
  const concurrency = wholeNumber('concurrency', values.concurrency);
  return {
    customers: wholeNumber('customers', values.customers, 20)!,
    ...(values.seed ? { seed: values.seed } : {}),
    ...(heavyAccount ? { heavyAccount } : {}),
    namespace: values.namespace ?? '',
    dataDir: resolve(values['data-dir'] ?? process.env.DATA_DIR ?? '.data'),
    inMemory: values['in-memory'] ?? false,
    ...(concurrency ? { concurrency } : {}),
    staging: !(values['no-staging'] ?? false),
  };
}

/** A one-line progress bar on stderr: items written, rate, ETA (a line every 5 s when not a terminal). */
function progressBar(label: string) {
  const started = Date.now();
  let lastDraw = 0;
  const tty = process.stderr.isTTY;
  const format = (n: number) => n.toLocaleString('en-US');
  const draw = (written: number, total: number, final = false) => {
    const now = Date.now();
    if (!final && now - lastDraw < (tty ? 200 : 5_000)) return;
    lastDraw = now;
    const seconds = (now - started) / 1000;
    const rate = written / Math.max(seconds, 0.001);
    const eta = rate > 0 ? Math.max(0, (total - written) / rate) : 0;
    const percent = total > 0 ? ((100 * written) / total).toFixed(1) : '100.0';
    const line =
      `${label} ${format(written)} / ${final ? '' : '~'}${format(total)} items  ${percent}%  ` +
      `${format(Math.round(rate))} items/s  ${final ? `done in ${duration(seconds)}` : `ETA ${duration(eta)}`}`;
    process.stderr.write(tty ? `\r${line.padEnd(100)}${final ? '\n' : ''}` : `${line}\n`);
  };
  return {
    update: (progress: { written: number; total: number }) => draw(progress.written, progress.total),
    done: (written: number) => draw(written, written, true),
  };
}

function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

function directorySize(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
}

/** A memory-backed copy of the database to seed into, when the machine has one with room to spare. */
function stagingDirectory(dbDir: string, expectedItems: number): string | undefined {
  if (process.platform !== 'linux' || !existsSync('/dev/shm')) return undefined;
  // DynamoDB Local stores roughly 2.3 KB per item (item, index rows, stream record).
  const needed = (directorySize(dbDir) + expectedItems * 2_400) * 1.5;
  const { bavail, bsize } = statfsSync('/dev/shm');
  if (bavail * bsize < needed) return undefined;
  const staging = mkdtempSync('/dev/shm/ob-sandbox-seed-');
  if (existsSync(dbDir)) cpSync(dbDir, staging, { recursive: true });
  return staging;
}

/** Moves the seeded database into place: copy next to it, then two renames. */
function moveIntoPlace(staging: string, dbDir: string): void {
  const incoming = `${dbDir}.seeding-${process.pid}`;
  const previous = `${dbDir}.previous-${process.pid}`;
  cpSync(staging, incoming, { recursive: true });
  if (existsSync(dbDir)) renameSync(dbDir, previous);
  renameSync(incoming, dbDir);
  rmSync(previous, { recursive: true, force: true });
  rmSync(staging, { recursive: true, force: true });
}

/** Runs the seed command with these arguments (what `npm run sandbox:seed --` passes). */
export async function runSeedCommand(argv: string[]): Promise<void> {
  const command = parseSeedCommand(argv);
  const dbDir = join(command.dataDir, 'dynamodb');
  const expectedItems = command.customers * 130 + (command.heavyAccount ?? 0);
  const staging = command.inMemory || !command.staging ? undefined : stagingDirectory(dbDir, expectedItems);
  const target = command.inMemory
    ? 'an in-memory engine'
    : staging
      ? `${dbDir} (staged in ${staging})`
      : dbDir;
  process.stderr.write(`sandbox:seed: starting DynamoDB Local on ${target}\n`);

  let dynamo: LocalDynamo | undefined;
  try {
    dynamo = await startDynamo(command.inMemory ? {} : { dataDir: staging ?? dbDir });
    Object.assign(
      process.env,
      localEnvironment({
        dynamoEndpoint: dynamo.endpoint,
        publicBaseUrl: process.env.PUBLIC_BASE_URL ?? 'http://127.0.0.1:3000',
        dataDir: command.dataDir,
        sandbox: true,
      }),
    );
    await ensureTables(localClient(dynamo.endpoint));
    // Imported only now: the store's client reads the endpoint set just above.
    const { seedSandbox } = await import('../functions/store/seed/seed-sandbox.ts');
    const { seedHeavyAccount } = await import('../functions/store/seed/heavy-account.ts');

    const started = Date.now();
    const bar = progressBar('customers');
    const summary = await seedSandbox({
      customers: command.customers,
      namespace: command.namespace,
      ...(command.seed ? { seed: command.seed } : {}),
      ...(command.concurrency ? { concurrency: command.concurrency } : {}),
      onProgress: bar.update,
    });
    const itemsWritten = summary.customers + summary.accounts + summary.entries;
    bar.done(itemsWritten);
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `seeded ${summary.customers} customers, ${summary.accounts} accounts (${summary.accountsOpened} new), ` +
        `${summary.entries} ledger entries in ${duration(seconds)} (${Math.round(itemsWritten / seconds)} items/s); ` +
        `history ends ${summary.referenceDate}, seed '${summary.seed}'`,
    );

    if (command.heavyAccount) {
      const heavyStarted = Date.now();
      const heavyBar = progressBar('heavy account');
      const heavy = await seedHeavyAccount(command.heavyAccount, {
        namespace: command.namespace,
        ...(command.concurrency ? { concurrency: command.concurrency } : {}),
        onProgress: heavyBar.update,
      });
      heavyBar.done(heavy.entries + 1);
      const heavySeconds = (Date.now() - heavyStarted) / 1000;
      console.log(
        `heavy account ${heavy.accountId} (number ${heavy.accountNumber}, owner ${heavy.ownerId}): ` +
          `${heavy.entries} entries in ${duration(heavySeconds)} (${Math.round(heavy.entries / heavySeconds)} entries/s)` +
          `${heavy.created ? '' : ', account already existed'}`,
      );
    }
  } finally {
    await dynamo?.stop();
  }
  if (staging) {
    const moved = Date.now();
    moveIntoPlace(staging, dbDir);
    process.stderr.write(
      `sandbox:seed: database moved into ${dbDir} in ${duration((Date.now() - moved) / 1000)}\n`,
    );
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runSeedCommand(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(
      `\nsandbox:seed failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
