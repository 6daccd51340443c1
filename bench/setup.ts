/**
 * One platform for the benchmarks that need one: DynamoDB Local (in memory) with the shared
 * tables, the environment the handlers read, and the local gateway in front of the real
 * handlers, plus any bench-only routes. `stop()` ends both; so does Ctrl-C or SIGTERM, so
 * no Java process outlives a run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Route } from '../functions/routing/routes.ts';
import { ensureTables, freePort, type LocalDynamo, localClient, startDynamo } from '../local/dynamodb.ts';
import { localEnvironment } from '../local/environment.ts';
import type { RunningGateway } from '../local/gateway.ts';

export interface BenchPlatform {
  /** The gateway's origin, also `PUBLIC_BASE_URL` (DPoP `htu`, token audience, links). */
  baseUrl: string;
  dynamoEndpoint: string;
  gateway: RunningGateway;
  stop(): Promise<void>;
}

/**
 * Routes served only in benchmarks: handler modules under bench/ (the gateway resolves a
 * handler name relative to functions/).
 */
export const benchRoutes: Route[] = [
  { method: 'GET', path: '/bench/aisp/accounts', handler: '../bench/unprotected-accounts' },
];

/** Starts the engine and the gateway, and sets the environment before any handler or store module loads. */
export async function startPlatform(): Promise<BenchPlatform> {
  const started = performance.now();
  let dynamo: LocalDynamo | undefined = await startDynamo();
  const dataDir = mkdtempSync(join(tmpdir(), 'ob-bench-'));
  let gateway: RunningGateway | undefined;
  const stop = async () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await gateway?.close();
    gateway = undefined;
    await dynamo?.stop();
    dynamo = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n${signal}: stopping DynamoDB Local and the gateway\n`);
    void stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await ensureTables(localClient(dynamo.endpoint));
    // The port is chosen first: handlers read PUBLIC_BASE_URL, and none may load before it is set.
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    Object.assign(
      process.env,
      localEnvironment({ dynamoEndpoint: dynamo.endpoint, publicBaseUrl: baseUrl, dataDir, sandbox: true }),
    );
    // Errors still show; per-request logging would be work the deployed handlers do not do.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
    const { startGateway } = await import('../local/gateway.ts');
    const { activeRoutes } = await import('../functions/routing/routes.ts');
    // Every protected request is still counted against its client's limits (that check is on
    // its path), but under limits no single machine reaches: a bench measures the platform's
    // capacity, not the sandbox plan's 300 requests a second, which a quiet machine exceeds at
    // 8 in flight and would answer with 429. The per-source limits on the OAuth endpoints and
    // sign-in stay as deployed; no section comes near them.
    const unreachable = { ratePerSecond: 1e9, burst: 1e9, dailyQuota: Number.MAX_SAFE_INTEGER };
    gateway = await startGateway({
      port,
      routes: [...activeRoutes(true), ...benchRoutes],
      limits: { defaults: unreachable },
    });
    process.stderr.write(
      `bench: DynamoDB Local (in memory) at ${dynamo.endpoint}, gateway at ${baseUrl} ` +
        `(${Math.round(performance.now() - started)} ms)\n`,
    );
    return { baseUrl, dynamoEndpoint: dynamo.endpoint, gateway, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Points the SDK at a fresh in-memory DynamoDB Local when no endpoint is configured. */
export async function ensureEngine(): Promise<() => Promise<void>> {
  if (process.env.AWS_ENDPOINT_URL_DYNAMODB && process.env.TABLE_NAME) return async () => {};
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
