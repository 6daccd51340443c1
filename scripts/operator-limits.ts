/**
 * `npm run operator:limits -- <command>`: an operator's per-client request limits.
 *
 *   set <clientId> --rps N [--burst N] [--daily N]   the client's own limits (burst defaults to 2 × rps)
 *   clear <clientId>                                 back to the defaults
 *   list                                             every client with limits of its own, and the defaults
 *
 * Where: with `TABLE_NAME` set (and AWS credentials, or `AWS_ENDPOINT_URL_DYNAMODB`), on that
 * table: the deployed stack's `MainTableName` output; the usage-plan worker applies the change
 * to the client's API Gateway usage plan within seconds. Without it, on the local platform's
 * data directory (`--data-dir`, default $DATA_DIR or .data) with its own DynamoDB Local: stop
 * `npm start` first (two engines must not share one database file); the gateway reads the
 * limits when it starts, and every 10 s while it runs.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT_LIMITS } from '../functions/routing/limits.ts';
import { mainTable } from '../functions/store/tables.ts';
import { ensureTables, type LocalDynamo, localClient, startDynamo } from '../local/dynamodb.ts';
import { localEnvironment } from '../local/environment.ts';

const USAGE = `usage: npm run operator:limits -- set <clientId> --rps N [--burst N] [--daily N]
       npm run operator:limits -- clear <clientId>
       npm run operator:limits -- list`;

/** A parsed command line. */
export type LimitsCommand =
  | { verb: 'set'; clientId: string; ratePerSecond: number; burst: number; dailyQuota: number }
  | { verb: 'clear'; clientId: string }
  | { verb: 'list' };

function wholeNumber(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`--${name} takes a whole number, got '${value}'`);
  return Number(value);
}

/** Reads the command line; throws with what to fix. */
export function parseLimitsCommand(argv: string[]): LimitsCommand {
  // The client id is taken by place, not by parseArgs: client ids are random base64url, and one
  // that begins with a single dash would otherwise be read as an option.
  const [verb, second, ...rest] = argv;
  const byPlace = (verb === 'set' || verb === 'clear') && second !== undefined && !second.startsWith('--');
  const { values, positionals } = parseArgs({
    args: byPlace ? rest : argv.slice(1),
    allowPositionals: true,
    strict: true,
    options: {
      rps: { type: 'string' },
      burst: { type: 'string' },
      daily: { type: 'string' },
      'data-dir': { type: 'string' },
    },
  });
  const [clientId, ...extra] = byPlace ? [second, ...positionals] : positionals;
  if (extra.length > 0) throw new Error(`unexpected arguments: ${extra.join(' ')}`);
  if (verb === 'list' && !clientId) return { verb };
  if (verb === 'clear' && clientId) return { verb, clientId };
  if (verb === 'set' && clientId) {
    const ratePerSecond = wholeNumber('rps', values.rps);
    if (ratePerSecond === undefined) throw new Error('set needs --rps');
    return {
      verb,
      clientId,
      ratePerSecond,
      burst: wholeNumber('burst', values.burst) ?? ratePerSecond * 2,
      dailyQuota: wholeNumber('daily', values.daily) ?? DEFAULT_CLIENT_LIMITS.dailyQuota,
    };
  }
  throw new Error(USAGE);
}

/** Runs a command against the table the environment names; returns the lines to print. */
export async function runLimitsCommand(command: LimitsCommand): Promise<string[]> {
  // Imported here: the store reads the environment, which main() may only just have set.
  if (command.verb === 'set') {
    const { setClientLimits } = await import('../functions/use-cases/limits/set-client-limits.ts');
    const { clientId, verb: _verb, ...limits } = command;
    const stored = await setClientLimits(clientId, limits);
    return [`${clientId}: ${describe(stored)} (set ${stored.updatedAt})`];
  }
  if (command.verb === 'clear') {
    const { clearClientLimits } = await import('../functions/use-cases/limits/clear-client-limits.ts');
    const removed = await clearClientLimits(command.clientId);
    return [`${command.clientId}: ${removed ? 'back to' : 'had no limits of its own; keeps'} the defaults`];
  }
  const { listOperatorLimits } = await import('../functions/use-cases/limits/list-client-limits.ts');
  const items = await listOperatorLimits();
  return [
    `defaults: ${describe(DEFAULT_CLIENT_LIMITS)}`,
    ...items.map((item) => `${item.clientId}: ${describe(item)} (set ${item.updatedAt})`),
  ];
}

function describe(limits: { ratePerSecond: number; burst: number; dailyQuota: number }): string {
  return `${limits.ratePerSecond} requests/s, burst ${limits.burst}, ${limits.dailyQuota} a day`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let command: LimitsCommand;
  try {
    command = parseLimitsCommand(argv);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  let dynamo: LocalDynamo | undefined;
  if (!process.env[mainTable.envVar]) {
    // `--data-dir` takes a value: declared, or parseArgs would read it as a flag (`true`).
    const { values } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: false,
      options: { 'data-dir': { type: 'string' } },
    });
    const dataDir = resolve(String(values['data-dir'] ?? process.env.DATA_DIR ?? '.data'));
    dynamo = await startDynamo({ dataDir: resolve(dataDir, 'dynamodb') });
    Object.assign(
      process.env,
      localEnvironment({ dynamoEndpoint: dynamo.endpoint, publicBaseUrl: '', dataDir, sandbox: true }),
    );
    await ensureTables(localClient(dynamo.endpoint));
  }
  try {
    for (const line of await runLimitsCommand(command)) console.log(line);
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  } finally {
    await dynamo?.stop();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
