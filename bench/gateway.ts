/**
 * Gateway benchmark (foundation): requests/s and p50/p99 latency of the local gateway in front
 * of a real handler (`GET /v1/banks`, `GET /v1/health`), against a bare `node:http` server
 * answering the same body, under the same load generator, in the same run.
 */
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamo, mainTableName } from '../functions/store/client.ts';
import { bareServer } from './bare-server.ts';
import { compare, LoadClient, type Stats } from './load.ts';
import { type BenchRow, compared } from './report.ts';
import type { BenchPlatform } from './setup.ts';

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

function rows(route: string, concurrency: number, result: { ours: Stats; baseline: Stats }, note: string) {
  return [
    compared(
      `gateway ${route}: requests/s (${concurrency} in flight)`,
      result.ours.rate,
      result.baseline.rate,
      'req/s',
      note,
    ),
    compared(`gateway ${route}: p50 latency`, result.ours.p50, result.baseline.p50, 'ms', undefined, 2),
    compared(`gateway ${route}: p99 latency`, result.ours.p99, result.baseline.p99, 'ms', undefined, 2),
  ];
}

/** Measures the gateway + handler against a bare server for each public route. */
export async function benchGateway(
  platform: BenchPlatform,
  options: GatewayBenchOptions = {},
): Promise<BenchRow[]> {
  const concurrency = options.concurrency ?? 8;
  const sliceSeconds = options.sliceSeconds ?? 1.5;
  const client = new LoadClient();
  const table = mainTableName();

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
    const same = (path: string) => () => [{ path, headers: { accept: 'application/json' } }];
    const banksResult = await compare(
      client,
      { origin: platform.baseUrl, requests: same('/v1/banks') },
      { origin: bare.origin, requests: same('/v1/banks') },
      { concurrency, sliceSeconds, warmup: 500, maxSlice: 30_000 },
    );
    const healthResult = await compare(
      client,
      { origin: platform.baseUrl, requests: same('/v1/health') },
      { origin: bare.origin, requests: same('/v1/health') },
      { concurrency, sliceSeconds, warmup: 200 },
    );
    return [
      ...rows(
        'GET /v1/banks',
        concurrency,
        banksResult,
        `baseline: bare node:http answering the same ${banksBody.length}-byte body and headers`,
      ),
      ...rows(
        'GET /v1/health',
        concurrency,
        healthResult,
        'baseline: bare node:http doing the same DescribeTable on the same engine, same body shape',
      ),
    ];
  } finally {
    await bare.close();
    await client.close();
  }
}
