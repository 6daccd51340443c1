/**
 * The load generator's own process (forked by bench/load.ts): it sends the request lists the
 * parent posts over keep-alive `node:http` connections with N in flight and posts back the rate
 * and every latency. Its own process, not a thread: the client's HTTP parsing, timers and GC
 * share nothing with the servers under test, as a partner's client would not.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { LoadJob, LoadResult } from './load.ts';

const agents = new Map<string, Agent>();

function agentFor(origin: string, concurrency: number): Agent {
  let agent = agents.get(origin);
  if (!agent || agent.maxSockets < concurrency) {
    agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
    agents.set(origin, agent);
  }
  return agent;
}

function send(origin: string, agent: Agent, request: LoadJob['requests'][number]) {
  return new Promise<{ status: number; ms: number; body: Buffer[] }>((resolve) => {
    const started = performance.now();
    const req = httpRequest(
      origin + request.path,
      { method: request.method ?? 'GET', headers: request.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => {
          if (chunks.length < 4) chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: chunks }),
        );
      },
    );
    req.on('error', (error) =>
      resolve({ status: 0, ms: performance.now() - started, body: [Buffer.from(String(error))] }),
    );
    req.end(request.body);
  });
}

async function runJob(job: LoadJob): Promise<LoadResult> {
  const agent = agentFor(job.origin, job.concurrency);
  const latencies: number[] = new Array(job.count);
  let next = 0;
  let done = 0;
  let unexpected: LoadResult['unexpected'];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(job.concurrency, job.count) }, async () => {
      while (next < job.count) {
        const request = job.requests[next++ % job.requests.length]!;
        const answer = await send(job.origin, agent, request);
        latencies[done++] = answer.ms;
        if (answer.status !== job.expect && !unexpected) {
          unexpected = {
            status: answer.status,
            body: Buffer.concat(answer.body).toString('utf8').slice(0, 500),
            path: request.path,
          };
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: job.count,
    seconds,
    rate: job.count / seconds,
    latencies,
    ...(unexpected ? { unexpected } : {}),
  };
}

process.on('message', (job: LoadJob) => {
  runJob(job).then(
    (result) => process.send!(result),
    (error: Error) => process.send!({ error: error.message }),
  );
});
