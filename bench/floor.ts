/**
 * Same work, replayed raw: our protected read and our payment, each against a bare `node:http`
 * handler that makes the very DynamoDB calls ours made, raw. The calls are captured from one of
 * our requests (bench/capture.ts) and replayed (bench/replay.ts): same items, same conditions,
 * same round trips, by construction; the harness (bench/harness.ts) checks the captured work of
 * both sides and prints no ratio if the baseline did less. The baseline is sent the same request
 * bytes as ours (headers, token, proof, body) and answers with our response, so the client's and
 * the HTTP parser's share is equal too. What is left between the two is ours: the gateway, the
 * middy chain, token and DPoP proof verification, parsing, views, JSON.
 *
 * One request in flight (what a partner waits for), ours and the baseline in alternating slices
 * from the forked load generator, both warmed up, at least 3 repeats.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../functions/store/client.ts';
import { CustomerBrowser } from '../test/helpers/customer-browser.ts';
import { createCustomer, type TestCustomer } from '../test/helpers/customers.ts';
import { initiation, PayingFintech, payeeOf } from '../test/payments/fixtures.ts';
import { bareServer } from './bare-server.ts';
import { type Captured, DynamoCapture, describeCall } from './capture.ts';
import { customerSession, dpopProver } from './customer-session.ts';
import { sameWorkRow } from './harness.ts';
import { compare, LoadClient, type LoadRequest, repeatsOf, type Side } from './load.ts';
import { replayer } from './replay.ts';
import { type BenchRow, quick, type Target } from './report.ts';
import type { BenchPlatform } from './setup.ts';
import { averageWork, heaviest, type Work } from './work.ts';

/** Requests of ours captured per operation: enough for a call made only now and then to show. */
const CAPTURES = 5;

/** Headers that differ per response or that the server sets itself. */
const VARYING = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function answerOf(response: Response): Promise<Answer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!VARYING.has(name)) headers[name] = value;
  });
  return { status: response.status, headers, body: await response.text() };
}

/** One operation of ours to compare: how to send it (untimed setup included) and how to capture one. */
export interface Operation {
  name: string;
  note: string;
  expect: number;
  /** The ratio the issue asks for, judged on every print. */
  target?: Target;
  /** `count` requests of ours, each ready to send (consents authorised, proofs signed). */
  requests(count: number): Promise<LoadRequest[]>;
}

/**
 * Captures {@link CAPTURES} requests of ours, replays the one that did the most work on a bare server (so the
 * baseline is never lighter than the average of ours), and compares both at 1 in flight.
 */
export async function floorOf(
  platform: BenchPlatform,
  client: LoadClient,
  operation: Operation,
  options: { slice: number; warmup: number; rounds: number },
): Promise<BenchRow> {
  const raw = new DynamoDBClient({ maxAttempts: 4 });
  const ours = new DynamoCapture(dynamo, { preImages: new DynamoDBClient({}) });
  const theirs = new DynamoCapture(raw);
  const run = randomUUID().slice(0, 8);
  let served: { close(): Promise<void> } | undefined;
  try {
    const send = (request: LoadRequest) =>
      fetch(`${platform.baseUrl}${request.path}`, {
        method: request.method ?? 'GET',
        headers: request.headers ?? {},
        ...(request.body === undefined ? {} : { body: request.body }),
      });
    // Ours, captured one request at a time: the heaviest is the template, all count for the work.
    const captures: Captured[] = [];
    let answer: Answer | undefined;
    const sent = await operation.requests(CAPTURES);
    for (const request of sent) {
      const { result, captured } = await ours.capture(async () => answerOf(await send(request)));
      if (result.status !== operation.expect)
        throw new Error(`${operation.name} answered ${result.status}: ${result.body.slice(0, 300)}`);
      answer ??= result;
      captures.push(captured);
    }
    const template = captures[heaviest(captures.map((captured) => captured.work))]!;
    const differed = howCapturesDiffered(captures);
    const replay = replayer(template, raw, run);
    const reply = answer!;
    const sentAsOurs = sent[0]!;
    const bare = await bareServer(async (path) => {
      await replay.run(Number(path.split('/')[2]));
      return reply;
    });
    served = bare;
    // The baseline's work, captured from one replay like any other.
    let next = 0;
    await replay.seed(next);
    const { captured: replayed } = await theirs.capture(() => replay.run(next++));
    const work: { ours: Work; baseline: Work } = {
      ours: averageWork(captures.map((captured) => captured.work)),
      baseline: replayed.work,
    };

    const oursSide: Side = {
      origin: platform.baseUrl,
      expect: operation.expect,
      requests: operation.requests,
    };
    const baselineSide: Side = {
      origin: bare.origin,
      expect: operation.expect,
      async requests(count) {
        const first = next;
        next += count;
        // Untimed: each replay's copies of the written items, in their state before our request.
        for (let n = first; n < next; n += 8)
          await Promise.all(Array.from({ length: Math.min(8, next - n) }, (_, i) => replay.seed(n + i)));
        // The same request bytes as ours (method, headers, body; our path after the replay's
        // number), so sending and parsing them costs the baseline what it costs us.
        return Array.from({ length: count }, (_, i) => ({
          ...sentAsOurs,
          path: `/replay/${first + i}${sentAsOurs.path}`,
        }));
      },
    };
    const result = await compare(client, oursSide, baselineSide, {
      concurrency: 1,
      warmup: options.warmup,
      rounds: options.rounds,
      minSlice: options.slice,
      maxSlice: options.slice,
    });
    const row = sameWorkRow(
      operation.name,
      repeatsOf(result, (stats) => stats.p50),
      'ms p50',
      work,
      `${operation.note}; 1 in flight, ${options.rounds} repeats of ${options.slice} requests per side, ratio = median (min–max) of the repeats' p50 ratios${differed}`,
    );
    return operation.target ? { ...row, target: operation.target } : row;
  } finally {
    await served?.close();
    ours.remove();
    theirs.remove();
  }
}

/** `; captured requests differed: …` when not every captured request made the same calls (the heaviest is replayed). */
function howCapturesDiffered(captures: readonly Captured[]): string {
  const shapes = captures.map((captured) =>
    captured.calls
      .map((call) => `L${call.level} ${describeCall(call)}`)
      .sort()
      .join(', '),
  );
  if (new Set(shapes).size <= 1) return '';
  return `; captured requests differed (the heaviest is replayed): ${shapes.map((shape, i) => `#${i + 1} [${shape}]`).join(' ')}`;
}

/** Payers and payees among a few funded customers, so that no two payments in a row share an account. */
function paymentPlan(customers: TestCustomer[]) {
  let i = 0;
  return () => {
    const payer = customers[i % customers.length]!;
    const payee = customers[(i + Math.floor(customers.length / 2)) % customers.length]!;
    const amount = 1_000 + (i % 97) * 100;
    i++;
    return { payer, payee, amount };
  };
}

/** The protected read and the payment, each against the same DynamoDB calls replayed raw. */
export async function benchFloor(platform: BenchPlatform): Promise<BenchRow[]> {
  const fast = quick();
  const client = new LoadClient();
  try {
    const reader = await createCustomer([5_000_000, 1_000_000]);
    const session = await customerSession(platform.baseUrl, reader);
    const accountPath = `/v1/aisp/accounts/${encodeURIComponent(reader.accounts[0]!.accountId)}`;
    const read = await floorOf(
      platform,
      client,
      {
        name: 'floor: protected read GET /v1/aisp/accounts/{AccountId}',
        target: { ratioAtMost: 1.25 },
        note: 'target ≤ 1.25×; baseline: bare node:http replaying our captured DynamoDB calls raw (same items, conditions, round trips)',
        expect: 200,
        requests: (count) => session.requests(accountPath, count),
      },
      // Nine repeats: a read is ~5 ms, so the spread of a repeat's p50 is wide on 2 shared cores.
      { slice: fast ? 60 : 200, warmup: fast ? 30 : 100, rounds: fast ? 5 : 9 },
    );

    const fintech = await PayingFintech.register(platform.baseUrl);
    const customers: TestCustomer[] = [];
    for (let i = 0; i < 6; i++) customers.push(await createCustomer([1_000_000_000]));
    const browsers = new Map(customers.map((customer) => [customer, new CustomerBrowser()]));
    const nextPayment = paymentPlan(customers);
    const payments = async (count: number): Promise<LoadRequest[]> => {
      const authorised = [];
      for (let i = 0; i < count; i++) {
        const { payer, payee, amount } = nextPayment();
        authorised.push(
          await fintech.authorisedConsent(payer, initiation(payeeOf(payee), String(amount)), {
            browser: browsers.get(payer)!,
          }),
        );
      }
      const url = `${platform.baseUrl}/v1/pisp/domestic-payments`;
      return Promise.all(
        authorised.map(async (consent) => {
          const proof = (await dpopProver(fintech.client.dpopKeys, consent.token)).proof;
          return {
            method: 'POST',
            path: '/v1/pisp/domestic-payments',
            headers: {
              accept: 'application/json',
              'content-type': 'application/json',
              authorization: `DPoP ${consent.token}`,
              dpop: await proof('POST', url),
              'x-idempotency-key': randomUUID(),
            },
            body: JSON.stringify({
              Data: { ConsentId: consent.consentId, Initiation: consent.initiation },
              Risk: {},
            }),
          };
        }),
      );
    };
    const pay = await floorOf(
      platform,
      client,
      {
        name: 'floor: payment POST /v1/pisp/domestic-payments',
        target: { ratioAtMost: 1.3 },
        note: 'target ≤ 1.3×; baseline: bare node:http replaying our captured DynamoDB calls raw (same items, conditions, round trips); consents authorised untimed before each slice',
        expect: 201,
        requests: payments,
      },
      // Nine repeats of 40: with 5 of 30, a repeat's ratio ranged 0.94–1.64 and the median of
      // full runs wandered 1.04–1.41× on unchanged payment code.
      { slice: fast ? 12 : 40, warmup: fast ? 6 : 10, rounds: fast ? 5 : 9 },
    );
    return [read, pay];
  } finally {
    await client.close();
  }
}
