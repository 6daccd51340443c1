/**
 * The one client load generator of the benchmarks: a worker thread (its own event loop, so the
 * servers under test in the main thread do not share theirs with the client) that sends a
 * bounded list of requests over keep-alive connections with N in flight, and reports the rate
 * and every latency. Ours and the baseline go through the very same loop, in alternating slices
 * of the same run, so noise from other processes hits both alike.
 */
import { Worker } from 'node:worker_threads';
import { percentile } from './report.ts';

export interface LoadRequest {
  method?: string;
  /** Path and query, appended to the origin. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  /** Requests per second over the slice. */
  rate: number;
  /** Every request's latency in ms, in completion order. */
  latencies: number[];
  /** The first answer whose status was not the expected one, if any. */
  unexpected?: { status: number; body: string; path: string };
}

export interface Stats {
  requests: number;
  rate: number;
  p50: number;
  p99: number;
  mean: number;
}

// Plain JavaScript: a worker started from a string runs without the TypeScript loader.
const WORKER = `
const http = require('node:http');
const { parentPort } = require('node:worker_threads');
const agents = new Map();
function agentFor(origin, concurrency) {
  let agent = agents.get(origin);
  if (!agent || agent.maxSockets < concurrency) {
    agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
    agents.set(origin, agent);
  }
  return agent;
}
function send(origin, agent, request) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(origin + request.path, { method: request.method || 'GET', headers: request.headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => { if (chunks.length < 4) chunks.push(chunk); });
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started, body: chunks }));
    });
    req.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, body: [Buffer.from(String(error))] }));
    req.end(request.body);
  });
}
parentPort.on('message', async (job) => {
  const { origin, requests, count, concurrency, expect } = job;
  const agent = agentFor(origin, concurrency);
  const latencies = new Array(count);
  let next = 0;
  let done = 0;
  let unexpected;
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      const request = requests[i % requests.length];
      const answer = await send(origin, agent, request);
      latencies[done++] = answer.ms;
      if (answer.status !== expect && !unexpected) {
        unexpected = { status: answer.status, body: Buffer.concat(answer.body).toString('utf8').slice(0, 500), path: request.path };
      }
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  parentPort.postMessage({ requests: count, seconds, rate: count / seconds, latencies, unexpected });
});
`;

/** A load-generating worker; `close()` it when done (it keeps connections open meanwhile). */
export class LoadClient {
  private readonly worker = new Worker(WORKER, { eval: true });
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * Sends `count` requests (cycling through `requests`) to `origin` with `concurrency` in
   * flight; throws if any answer has another status than `expect` (a benchmark of 401s
   * would measure nothing).
   */
  run(
    origin: string,
    requests: LoadRequest[],
    options: { count?: number; concurrency: number; expect?: number },
  ): Promise<LoadResult> {
    const job = {
      origin,
      requests,
      count: options.count ?? requests.length,
      concurrency: options.concurrency,
      expect: options.expect ?? 200,
    };
    const result = this.queue.then(
      () =>
        new Promise<LoadResult>((resolve, reject) => {
          const onError = (error: Error) => reject(error);
          this.worker.once('error', onError);
          this.worker.once('message', (message: LoadResult) => {
            this.worker.off('error', onError);
            resolve(message);
          });
          this.worker.postMessage(job);
        }),
    );
    this.queue = result.catch(() => undefined);
    return result.then((answer) => {
      if (answer.unexpected) {
        throw new Error(
          `${origin}${answer.unexpected.path} answered ${answer.unexpected.status}, expected ${job.expect}: ${answer.unexpected.body}`,
        );
      }
      return answer;
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

/** One side of a comparison: where to send, and the requests of a slice of `count` (fresh DPoP proofs are made here, before the slice is timed). */
export interface Side {
  origin: string;
  requests: (count: number) => Promise<LoadRequest[]> | LoadRequest[];
  expect?: number;
}

export interface CompareOptions {
  concurrency: number;
  /** Requests per side before measuring (JIT, connections, caches); also sizes the slices. */
  warmup?: number;
  /** Alternating rounds (ours, baseline); the order flips each round. */
  rounds?: number;
  /** Target duration of one slice, in seconds. */
  sliceSeconds?: number;
  /** Bounds of the slice size, in requests. */
  minSlice?: number;
  maxSlice?: number;
}

/** Statistics over several slices: total requests over total time, percentiles over every latency. */
export function statsOf(results: readonly LoadResult[]): Stats {
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const seconds = results.reduce((sum, r) => sum + r.seconds, 0);
  const latencies = results.flatMap((r) => r.latencies);
  return {
    requests,
    rate: requests / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((sum, v) => sum + v, 0) / latencies.length,
  };
}

/**
 * Measures two servers under the same load, in alternating slices of about `sliceSeconds`
 * each (sized from the warm-up's rate), and returns the statistics of each side.
 */
export async function compare(
  client: LoadClient,
  ours: Side,
  baseline: Side,
  options: CompareOptions,
): Promise<{ ours: Stats; baseline: Stats }> {
  const warmup = options.warmup ?? 300;
  const rounds = options.rounds ?? 3;
  const sliceSeconds = options.sliceSeconds ?? 1.5;
  const slice = async (side: Side, count: number) =>
    client.run(side.origin, await side.requests(count), {
      count,
      concurrency: options.concurrency,
      ...(side.expect ? { expect: side.expect } : {}),
    });
  const size = (rate: number) =>
    Math.round(Math.min(options.maxSlice ?? 20_000, Math.max(options.minSlice ?? 100, rate * sliceSeconds)));
  const oursSize = size((await slice(ours, warmup)).rate);
  const baselineSize = size((await slice(baseline, warmup)).rate);
  const results = { ours: [] as LoadResult[], baseline: [] as LoadResult[] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['ours', 'baseline'] as const) : (['baseline', 'ours'] as const);
    for (const name of order) {
      results[name].push(
        await slice(name === 'ours' ? ours : baseline, name === 'ours' ? oursSize : baselineSize),
      );
    }
  }
  return { ours: statsOf(results.ours), baseline: statsOf(results.baseline) };
}
