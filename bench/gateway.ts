/**
 * Gateway benchmark (foundation): requests/s and p50/p99 latency of the local gateway in front
 * of a real handler (`GET /v1/banks`, `GET /v1/health`), against a bare `node:http` server
 * answering the same body, under the same load generator (a separate process), in the same run,
 * with `npm start`'s local workers running in the gateway's process; then the middy chain's own
 * cost per request, in process, in µs.
 */
import type { IncomingMessage } from 'node:http';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { ApiContext } from '../functions/http/request.ts';
import { dynamo, mainTableName } from '../functions/store/client.ts';
import { startLocalWorkers } from '../local/workers.ts';
import { bareServer } from './bare-server.ts';
import { DynamoCapture } from './capture.ts';
import { sameWorkRow } from './harness.ts';
import { type Compared, compare, LoadClient, repeatsOf } from './load.ts';
import { type BenchRow, median, quick, round } from './report.ts';
import type { BenchPlatform } from './setup.ts';
import type { Work } from './work.ts';

export interface GatewayBenchOptions {
  concurrency?: number;
  sliceSeconds?: number;
}

/** The headers a handler answered with, minus those that differ per response. */
function stableHeaders(headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'].includes(name))
      kept[name] = value;
  });
  return kept;
}

/** The chain's cost per request in this process: the shared middy chain around a handler that answers a ready response, against that handler alone serialising the same response. */
async function chainOverhead(baseUrl: string, iterations: number): Promise<BenchRow> {
  const { publicHandler } = await import('../functions/http/public-handler.ts');
  const { toResult } = await import('../functions/http/to-result.ts');
  const { toEvent } = await import('../local/gateway.ts');
  const { routeOf } = await import('../functions/routing/routes.ts');
  const route = routeOf('GET', '/v1/banks')!;
  const answered = (await (await fetch(`${baseUrl}/v1/banks`)).json()) as unknown;
  const response = { status: 200, body: answered, headers: { 'cache-control': 'public, max-age=3600' } };
  const logic = async () => response;
  const chained = publicHandler(logic);
  const request = {
    method: 'GET',
    rawHeaders: ['accept', 'application/json', 'host', new URL(baseUrl).host],
    headers: { accept: 'application/json' },
    socket: { remoteAddress: '127.0.0.1', localPort: 3000 },
  } as unknown as IncomingMessage;
  const event = toEvent(request, new URL('/v1/banks', baseUrl), route, null, Buffer.alloc(0), 'bench');
  const context = { awsRequestId: 'bench', functionName: 'bench' } as unknown as ApiContext;
  const time = async (work: () => Promise<unknown>) => {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) await work();
    return ((performance.now() - started) * 1000) / iterations;
  };
  const sides = {
    ours: async () => {
      const result = await chained(event, context);
      if (result.statusCode !== 200)
        throw new Error(`the chain answered ${result.statusCode}: ${result.body}`);
    },
    baseline: async () => toResult(await logic(), 'bench'),
  };
  await time(sides.ours);
  await time(sides.baseline);
  const repeats = { ours: [] as number[], baseline: [] as number[] };
  for (let round = 0; round < 5; round++) {
    const order = round % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
    for (const name of order) repeats[name].push(await time(sides[name]));
  }
  const overheads = repeats.ours.map((ours, i) => ours - repeats.baseline[i]!);
  return {
    name: 'gateway: middy chain overhead per request, in process (GET /v1/banks)',
    value: round(median(overheads), 1),
    unit: 'µs',
    note: `the public chain (interaction id, route lookup, parsing, envelope) around a handler answering a ready response: ${round(median(repeats.ours), 1)} µs, against that handler alone serialising it (toResult): ${round(median(repeats.baseline), 1)} µs; min–max ${round(Math.min(...overheads), 1)}–${round(Math.max(...overheads), 1)} µs over 5 interleaved repeats of ${iterations}`,
  };
}

/** Measures the gateway + handler against a bare server for each public route. */
export async function benchGateway(
  platform: BenchPlatform,
  options: GatewayBenchOptions = {},
): Promise<BenchRow[]> {
  const fast = quick();
  const concurrency = options.concurrency ?? 8;
  const sliceSeconds = options.sliceSeconds ?? (fast ? 0.5 : 1.5);
  const client = new LoadClient();
  const table = mainTableName();
  // As under `npm start`: the scheduled workers run in the gateway's process meanwhile.
  const stopWorkers = startLocalWorkers((message) => process.stderr.write(`${message}\n`));
  const capture = new DynamoCapture(dynamo);

  // The bare servers answer what the real handlers answer: the very bytes for /v1/banks, and
  // for /v1/health the same DescribeTable and the same body shape (its latency field varies).
  const banks = await fetch(`${platform.baseUrl}/v1/banks`);
  const banksBody = await banks.text();
  const banksHeaders = stableHeaders(banks.headers);
  const health = await fetch(`${platform.baseUrl}/v1/health`);
  const healthHeaders = stableHeaders(health.headers);
  await health.text();
  const bare = await bareServer(async (path) => {
    if (path === '/v1/banks') return { status: 200, headers: banksHeaders, body: banksBody };
    const started = Date.now();
    await dynamo.send(new DescribeTableCommand({ TableName: table }));
    return {
      status: 200,
      headers: healthHeaders,
      body: JSON.stringify({
        Data: { Status: 'Healthy', Storage: 'Available', LatencyMs: Date.now() - started },
        Links: { Self: `${platform.baseUrl}${path}` },
        Meta: {},
      }),
    };
  });

  try {
    // The work each side asks of DynamoDB, captured from one request each.
    const workOf = async (origin: string, path: string) =>
      (await capture.capture(async () => (await fetch(`${origin}${path}`)).text())).captured.work;
    const work = async (path: string) => ({
      ours: await workOf(platform.baseUrl, path),
      baseline: await workOf(bare.origin, path),
    });
    const banksWork = await work('/v1/banks');
    const healthWork = await work('/v1/health');
    const same = (path: string) => () => [{ path, headers: { accept: 'application/json' } }];
    const banksResult = await compare(
      client,
      { origin: platform.baseUrl, requests: same('/v1/banks') },
      { origin: bare.origin, requests: same('/v1/banks') },
      { concurrency, sliceSeconds, warmup: fast ? 200 : 500, maxSlice: 30_000 },
    );
    const healthResult = await compare(
      client,
      { origin: platform.baseUrl, requests: same('/v1/health') },
      { origin: bare.origin, requests: same('/v1/health') },
      { concurrency, sliceSeconds, warmup: fast ? 50 : 200 },
    );
    const rows = (route: string, result: Compared, work: { ours: Work; baseline: Work }, note: string) => [
      {
        ...sameWorkRow(
          `gateway ${route}: requests/s (${concurrency} in flight)`,
          repeatsOf(result, (stats) => stats.rate),
          'req/s',
          work,
          note,
          1,
        ),
        // The target is on the same body (GET /v1/banks); /v1/health is engine-bound.
        ...(route === 'GET /v1/banks' ? { target: { ratioAtLeast: 0.5 } } : {}),
      },
      sameWorkRow(
        `gateway ${route}: p50 latency`,
        repeatsOf(result, (stats) => stats.p50),
        'ms',
        work,
        '',
        2,
      ),
      sameWorkRow(
        `gateway ${route}: p99 latency`,
        repeatsOf(result, (stats) => stats.p99),
        'ms',
        work,
        '',
        2,
      ),
    ];
    const setting =
      'load from a separate process; the local workers of npm start running in the gateway’s process';
    return [
      ...rows(
        'GET /v1/banks',
        banksResult,
        banksWork,
        `target ≥ 0.5×; baseline: bare node:http in the same process answering the same ${banksBody.length}-byte body and headers; ${setting}`,
      ),
      ...rows(
        'GET /v1/health',
        healthResult,
        healthWork,
        `baseline: bare node:http doing the same DescribeTable on the same engine, same body shape; ${setting}`,
      ),
      await chainOverhead(platform.baseUrl, fast ? 500 : 3000),
    ];
  } finally {
    stopWorkers();
    capture.remove();
    await bare.close();
    await client.close();
  }
}
