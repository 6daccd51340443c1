/**
 * `npm run bench [-- --only gateway,bundles,floor,auth,ledger,payments,bills,vietqr,batches,webhooks,checkout,ais,sdk] [--heavy N]
 * [--quick] [--write]`: every benchmark in one run, each section printing its table of figures
 * against a baseline measured in the same run, then a summary of the ratios and the capacity
 * model. A full run (or `--write`) rewrites the README's table and docs/capacity.md from its
 * figures; `--quick` runs small slices for a look while developing and writes nothing. One
 * DynamoDB Local (in memory) and one gateway serve the sections that need them, and are
 * stopped at the end.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { adaptRows, type BenchRow, printSummary, printTable, type SectionResult } from './report.ts';
import type { BenchPlatform } from './setup.ts';

const SECTIONS = [
  'gateway',
  'bundles',
  'floor',
  'auth',
  'ledger',
  'payments',
  'bills',
  'vietqr',
  'batches',
  'webhooks',
  'checkout',
  'ais',
  'sdk',
] as const;
type Section = (typeof SECTIONS)[number];
/** Sections that run against the shared engine (ledger and payments reuse it through the environment). */
const NEEDS_PLATFORM = new Set<Section>([
  'gateway',
  'floor',
  'auth',
  'ais',
  'ledger',
  'payments',
  'batches',
  'webhooks',
  'checkout',
  'bills',
]);

const DEFAULT_HEAVY = 1_000_000;

function parseCommand(argv: string[]): { only: Section[]; heavy: number; quick: boolean; write: boolean } {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      heavy: { type: 'string' },
      quick: { type: 'boolean' },
      write: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.quick && values.write) throw new Error('--write publishes full figures: not with --quick');
  const only = values.only ? values.only.split(',').map((name) => name.trim()) : [...SECTIONS];
  for (const name of only) {
    if (!SECTIONS.includes(name as Section))
      throw new Error(`--only takes a comma-separated list of ${SECTIONS.join(', ')}; got '${name}'`);
  }
  const heavy = values.heavy === undefined ? DEFAULT_HEAVY : Number(values.heavy);
  if (!Number.isInteger(heavy) || heavy < 1000)
    throw new Error(`--heavy takes a whole number of ledger entries (at least 1000); got '${values.heavy}'`);
  // Run order: the million-entry account comes last, so the other sections run on a small table.
  return {
    only: SECTIONS.filter((name) => only.includes(name)),
    heavy,
    quick: values.quick === true,
    // A full run publishes its figures (README table, docs/capacity.md); a partial one only with --write.
    write: values.write === true || (!values.only && !values.quick),
  };
}

async function runSection(
  section: Section,
  platform: BenchPlatform | undefined,
  heavy: number,
): Promise<{ rows: BenchRow[]; skipped?: string }> {
  switch (section) {
    case 'gateway': {
      const { benchGateway } = await import('./gateway.ts');
      return { rows: await benchGateway(platform!) };
    }
    case 'floor': {
      const { benchFloor } = await import('./floor.ts');
      return { rows: await benchFloor(platform!) };
    }
    case 'bundles': {
      const { benchBundles } = await import('./bundles.ts');
      return { rows: await benchBundles() };
    }
    case 'auth': {
      const { benchAuth } = await import('./auth.ts');
      return { rows: await benchAuth(platform!) };
    }
    case 'ais': {
      const { benchAis } = await import('./ais.ts');
      return { rows: await benchAis(platform!, { heavy }) };
    }
    case 'ledger': {
      const { benchLedger } = await import('./ledger.ts');
      return { rows: await benchLedger() };
    }
    case 'bills': {
      const { benchBills } = await import('./bills.ts');
      return { rows: await benchBills() };
    }
    case 'vietqr': {
      const { benchVietQr } = await import('./vietqr.ts');
      return { rows: adaptRows(await benchVietQr()) };
    }
    case 'checkout': {
      const { benchCheckout } = await import('./checkout.ts');
      return { rows: await benchCheckout() };
    }
    case 'batches': {
      const { benchBillBatches } = await import('./bills-batch.ts');
      return { rows: await benchBillBatches() };
    }
    case 'sdk': {
      const { benchSdk } = await import('./sdk.ts');
      return { rows: await benchSdk() };
    }
    case 'webhooks': {
      const { benchWebhooks } = await import('./webhooks.ts');
      return { rows: await benchWebhooks() };
    }
    case 'payments': {
      // Written by another change; until it lands, the section says so instead of failing.
      const file = new URL('./payments.ts', import.meta.url);
      if (!existsSync(file)) return { rows: [], skipped: 'bench/payments.ts does not exist yet' };
      const module = (await import(file.href)) as { benchPayments?: () => Promise<unknown[]> };
      if (typeof module.benchPayments !== 'function')
        return { rows: [], skipped: 'bench/payments.ts exports no benchPayments()' };
      return { rows: adaptRows(await module.benchPayments()) };
    }
  }
}

async function main(): Promise<number> {
  const { only, heavy, quick, write } = parseCommand(process.argv.slice(2));
  // Sections read it through report.ts's quick(): smaller slices, for a look while developing.
  if (quick) process.env.BENCH_QUICK = '1';
  const started = performance.now();
  console.log(
    `bench: ${only.join(', ')}${only.includes('ais') ? ` (heavy account: ${heavy.toLocaleString('en-US')} entries)` : ''}; ` +
      'figures are ratios against baselines measured in this run',
  );
  let platform: BenchPlatform | undefined;
  const results: SectionResult[] = [];
  try {
    if (only.some((name) => NEEDS_PLATFORM.has(name))) {
      const { startPlatform } = await import('./setup.ts');
      platform = await startPlatform();
    }
    for (const section of only) {
      const sectionStarted = performance.now();
      process.stderr.write(`bench: ${section}…\n`);
      try {
        const { rows, skipped } = await runSection(section, platform, heavy);
        const seconds = (performance.now() - sectionStarted) / 1000;
        // Per-handler cold imports and the auth pieces stay in their own tables; the summary
        // takes the headline comparisons.
        const summary = rows.filter(
          (row) => !row.name.startsWith('cold import: ') && !row.name.startsWith('auth piece:'),
        );
        results.push({ section, rows: summary, seconds, ...(skipped ? { skipped } : {}) });
        if (skipped) console.log(`\n── ${section}: skipped (${skipped})`);
        else printTable(`${section} (${Math.round(seconds)} s)`, rows);
      } catch (error) {
        const seconds = (performance.now() - sectionStarted) / 1000;
        console.error(`\n── ${section}: FAILED after ${Math.round(seconds)} s`);
        console.error(error);
        results.push({ section, rows: [], seconds, failed: (error as Error).message.split('\n')[0]! });
      }
    }
  } finally {
    await platform?.stop();
  }
  printSummary(results);
  const { capacityReport } = await import('./capacity.ts');
  const command = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  if (write) {
    const { publish } = await import('./publish.ts');
    for (const file of publish(results, command)) console.log(`bench: wrote ${file}`);
  } else {
    console.log('\n── capacity model (docs/capacity.md is written by a full run or --write) ──\n');
    console.log(capacityReport(results, { commit: 'this run', date: new Date().toISOString(), command }));
  }
  console.log(`\nbench: done in ${Math.round((performance.now() - started) / 1000)} s`);
  return results.some((result) => result.failed) ? 1 : 0;
}

process.exitCode = await main();
