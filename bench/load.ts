/**
 * The one client load generator of the benchmarks: a separate process (bench/load-process.ts,
 * forked, so the servers under test share neither event loop nor heap with the client) that
 * sends a bounded list of requests over keep-alive connections with N in flight, and reports the
 * rate and every latency. Ours and the baseline go through the very same loop, in alternating
 * slices of the same run (ours, baseline, baseline, ours, …), both warmed up, so noise from other
 * processes hits both alike; each round is one repeat, and figures print as the median and the
 * min–max over the repeats.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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

/** What the parent posts to the load process. */
export interface LoadJob {
  origin: string;
  requests: LoadRequest[];
  count: number;
  concurrency: number;
  expect: number;
}

/** A load-generating process; `close()` it when done (it keeps connections open meanwhile). */
export class LoadClient {
  private readonly worker: ChildProcess = fork(
    fileURLToPath(new URL('./load-process.ts', import.meta.url)),
    [],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
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
          const onExit = (code: number | null) => reject(new Error(`the load process exited (${code})`));
          this.worker.once('exit', onExit);
          this.worker.once('message', (message: LoadResult | { error: string }) => {
            this.worker.off('exit', onExit);
            if ('error' in message) reject(new Error(`load process: ${message.error}`));
            else resolve(message);
          });
          this.worker.send(job);
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
    if (this.worker.exitCode !== null) return;
    const exited = new Promise((resolve) => this.worker.once('exit', resolve));
    this.worker.kill();
    await exited;
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
 * each (sized from the warm-up's rate; both sides warmed up first), at least 3 rounds, and
 * returns the statistics of each side, pooled and per round.
 */
export async function compare(
  client: LoadClient,
  ours: Side,
  baseline: Side,
  options: CompareOptions,
): Promise<Compared> {
  const warmup = options.warmup ?? 300;
  const rounds = Math.max(3, options.rounds ?? 3);
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
  return {
    ours: statsOf(results.ours),
    baseline: statsOf(results.baseline),
    repeats: results.ours.map((result, i) => ({
      ours: statsOf([result]),
      baseline: statsOf([results.baseline[i]!]),
    })),
  };
}

/** Both sides' statistics over all slices, and per repeat (one slice of each). */
export interface Compared {
  ours: Stats;
  baseline: Stats;
  repeats: Array<{ ours: Stats; baseline: Stats }>;
}

/** One figure of each repeat, for bench/harness.ts's `sameWorkRow` (`pick` = rate, p50, …). */
export function repeatsOf(
  compared: Compared,
  pick: (stats: Stats) => number,
): { ours: number[]; baseline: number[] } {
  return {
    ours: compared.repeats.map((repeat) => pick(repeat.ours)),
    baseline: compared.repeats.map((repeat) => pick(repeat.baseline)),
  };
}
