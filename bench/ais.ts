/**
 * Account-information benchmark on one account with a very long history (1,000,000 ledger
 * entries by default, written by the sandbox writer's seedHeavyAccount):
 * (a) the first page of transactions against a page deep in the history, reached with a cursor
 *     built from a known sort key the way Links.Next builds it (target: deep ≤ 1.2× first);
 * (b) authenticated `GET /v1/aisp/accounts/{id}/transactions`: beside the engine's floor (a bare
 *     handler doing the query alone, less work, no ratio), and at 1 in flight against a bare
 *     handler replaying our captured calls (same work; target ≤ 1.25×);
 * (c) DynamoDB calls per request, counted by a middleware on the shared client, per route.
 */
import { createServer } from 'node:http';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_SANDBOX_SEED, defaultReferenceDate } from '../functions/domain/sandbox/dataset.ts';
import { heavyAccount } from '../functions/domain/sandbox/heavy.ts';
import { encodeCursor } from '../functions/domain/transaction-paging.ts';
import { transactionView } from '../functions/handlers/aisp/views.ts';
import { documents, dynamo, mainTableName } from '../functions/store/client.ts';
import { keys } from '../functions/store/keys.ts';
import { getAccount } from '../functions/store/ledger/accounts.ts';
import { queryEntries } from '../functions/store/ledger-entries.ts';
import { seedHeavyAccount } from '../functions/store/seed/heavy-account.ts';
import { createCustomer } from '../test/helpers/customers.ts';
import { type CustomerSession, customerSession } from './customer-session.ts';
import { floorOf } from './floor.ts';
import { compare, LoadClient, type LoadRequest, statsOf } from './load.ts';
import { type BenchRow, compared, median, quick, round } from './report.ts';
import type { BenchPlatform } from './setup.ts';

export interface AisBenchOptions {
  /** Ledger entries of the heavy account. */
  heavy: number;
  concurrency?: number;
  /** Page size of the paging comparison (the "page 5,000 of 200"). */
  pageSize?: number;
  /** The deep page to reach; capped to the last full page of the account. */
  deepPage?: number;
}

/** Counts DynamoDB commands by name, on the client every store module shares. */
function callCounter() {
  const counts = new Map<string, number>();
  const name = 'benchAisCountCalls';
  dynamo.middlewareStack.add(
    (next, context) => (args) => {
      const command = String(context.commandName ?? 'unknown').replace(/Command$/, '');
      counts.set(command, (counts.get(command) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name },
  );
  return {
    reset: () => counts.clear(),
    snapshot: () => new Map(counts),
    remove: () => dynamo.middlewareStack.remove(name),
  };
}

/** The sort key (`TX#<bookedAt>#<entryId>`) of entry number `seq` (oldest first), regenerated deterministically. */
function sortKeyOf(
  config: { seed: string; namespace: string; referenceDate: Date },
  count: number,
  owner: { customerId: string; name: string },
  seq: number,
): string {
  const account = heavyAccount(config, count, owner);
  const entries = account.entries();
  for (let i = 1; ; i++) {
    const step = entries.next();
    if (step.done) throw new Error(`the heavy account has no entry ${seq}`);
    if (i === seq) return keys.ledgerEntry(step.value.accountId, step.value.bookedAt, step.value.entryId).sk;
  }
}

function progress(label: string) {
  let last = 0;
  const started = performance.now();
  return ({ written, total }: { written: number; total: number }) => {
    const now = performance.now();
    if (now - last < 15_000 && written < total) return;
    last = now;
    const seconds = (now - started) / 1000;
    process.stderr.write(
      `bench: ${label} ${written.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} ` +
        `(${Math.round(written / Math.max(seconds, 0.001)).toLocaleString('en-US')} items/s, ${Math.round(seconds)} s)\n`,
    );
  };
}

/** Seeds the heavy account, then measures paging, the authenticated listing and call counts. */
export async function benchAis(platform: BenchPlatform, options: AisBenchOptions): Promise<BenchRow[]> {
  const concurrency = options.concurrency ?? 8;
  const pageSize = options.pageSize ?? 200;
  const count = options.heavy;
  const rows: BenchRow[] = [];
  const client = new LoadClient();
  const counter = callCounter();
  try {
    // A customer who can sign in, owning one ordinary account and the heavy one.
    const customer = await createCustomer([1_000_000]);
    const owner = { customerId: customer.customerId, name: customer.name };
    const config = { seed: DEFAULT_SANDBOX_SEED, namespace: '', referenceDate: defaultReferenceDate() };
    const seedStarted = performance.now();
    const seeded = await seedHeavyAccount(count, {
      seed: config.seed,
      referenceDate: config.referenceDate,
      owner,
      onProgress: progress('seeding heavy account'),
    });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    rows.push({
      name: `AIS: seed one account with ${count.toLocaleString('en-US')} ledger entries`,
      value: round(seedSeconds, 1),
      unit: 's',
      note: `${Math.round(count / seedSeconds).toLocaleString('en-US')} entries/s (seedHeavyAccount: BatchWriteItem, 16 batches in flight, in-memory DynamoDB Local)`,
    });
    const heavyItem = await getAccount(seeded.accountId);
    if (!heavyItem) throw new Error(`heavy account ${seeded.accountId} was not written`);
    const session: CustomerSession = await customerSession(platform.baseUrl, {
      ...customer,
      accounts: [...customer.accounts, heavyItem],
    });
    const accountId = seeded.accountId;
    const transactions = `/v1/aisp/accounts/${accountId}/transactions`;

    // (a) First page against a deep page. The deep cursor is Links.Next's, with the sort key of
    // the last entry of the page before it: newest-first entry (deep - 1) * size - 1 is entry
    // number count - (deep - 1) * size + 1 counted oldest first.
    const firstPath = `${transactions}?pageSize=${pageSize}`;
    const first = await session.fintech.call(session.accessToken, 'GET', firstPath);
    if (first.status !== 200 || !first.json.Links.Next)
      throw new Error(`first page: ${JSON.stringify(first.json)}`);
    const issued = JSON.parse(
      Buffer.from(new URL(first.json.Links.Next).searchParams.get('page')!, 'base64url').toString('utf8'),
    ) as { f: string; t: string; s: number };
    const deepPage = Math.max(2, Math.min(options.deepPage ?? 5_000, Math.floor(count / pageSize)));
    const afterSeq = count - (deepPage - 1) * pageSize + 1;
    const deepKey = sortKeyOf(config, count, owner, afterSeq);
    const window = { from: issued.f, to: issued.t, pageSize };
    const deepPath = `${transactions}?page=${encodeCursor(accountId, window, deepKey)}`;
    const deep = await session.fintech.call(session.accessToken, 'GET', deepPath);
    const deepIds = (deep.json?.Data?.Transaction ?? []).map(
      (t: { TransactionId: string }) => t.TransactionId,
    );
    if (deep.status !== 200 || deepIds.length !== Math.min(pageSize, afterSeq - 1)) {
      throw new Error(`deep page ${deepPage}: ${deep.status} ${JSON.stringify(deep.json).slice(0, 300)}`);
    }
    if (!deepIds[0]?.endsWith(`e${String(afterSeq - 1).padStart(Math.max(7, String(count).length), '0')}`)) {
      throw new Error(`deep page ${deepPage} starts at ${deepIds[0]}, expected entry ${afterSeq - 1}`);
    }
    const pagedHttp = await compare(
      client,
      { origin: platform.baseUrl, requests: (n) => session.requests(deepPath, n) },
      { origin: platform.baseUrl, requests: (n) => session.requests(firstPath, n) },
      { concurrency: 1, warmup: 20, rounds: 4, sliceSeconds: 1.5, minSlice: 20 },
    );
    rows.push({
      ...compared(
        `AIS paging via API: page ${deepPage.toLocaleString('en-US')} vs page 1 (of ${pageSize}), p50`,
        pagedHttp.ours.p50,
        pagedHttp.baseline.p50,
        'ms',
        `target ≤ 1.2×; authenticated GET, 1 in flight, ${pagedHttp.ours.requests} + ${pagedHttp.baseline.requests} requests`,
        2,
      ),
      target: { ratioAtMost: 1.2 },
    });
    // Besides queryEntries (ExclusiveStartKey), the same deep page as a key-condition bound
    // (`sk BETWEEN :from AND <cursor key>`, the cursor's own entry dropped): a diagnostic that
    // shows whether the depth cost lies in the engine's handling of ExclusiveStartKey.
    const table = mainTableName();
    const bounded = async () => {
      const page = await documents.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': `ACCOUNT#${accountId}`,
            ':from': `TX#${issued.f}`,
            ':to': deepKey,
          },
          ScanIndexForward: false,
          Limit: pageSize + 2,
        }),
      );
      return (page.Items ?? []).filter((item) => item.sk !== deepKey).slice(0, pageSize + 1);
    };
    if ((await bounded()).length !== Math.min(pageSize + 1, afterSeq - 1)) {
      throw new Error('the key-bounded deep query returns another page');
    }
    const storeTimes = { first: [] as number[], deep: [] as number[], bounded: [] as number[] };
    const query = { accountId, from: issued.f, to: issued.t, pageSize };
    const run = {
      first: () => queryEntries(query),
      deep: () => queryEntries({ ...query, after: deepKey }),
      bounded,
    };
    for (let round = 0; round < 6; round++) {
      for (const which of ['first', 'deep', 'bounded'] as const) {
        for (let i = 0; i < 15; i++) {
          const started = performance.now();
          await run[which]();
          storeTimes[which].push(performance.now() - started);
        }
      }
    }
    rows.push(
      {
        ...compared(
          `AIS paging in the store: queryEntries page ${deepPage.toLocaleString('en-US')} vs page 1, median`,
          median(storeTimes.deep),
          median(storeTimes.first),
          'ms',
          `target ≤ 1.2×; ${storeTimes.deep.length} queries each, alternating`,
          2,
        ),
        target: { ratioAtMost: 1.2 },
      },
      compared(
        `AIS paging diagnostic: page ${deepPage.toLocaleString('en-US')} as a key-condition bound vs page 1, median`,
        median(storeTimes.bounded),
        median(storeTimes.first),
        'ms',
        'raw Query with sk BETWEEN :from AND <cursor key> instead of ExclusiveStartKey (not what the API runs)',
        2,
      ),
    );

    // (b) The authenticated listing against a bare handler doing the same query on the same engine.
    const consent = (await session.caller()).consent!;
    const permissions = consent.detail.Permissions as string[];
    const listPath = `${transactions}?pageSize=100`;
    const bare = createServer((req, res) => {
      queryEntries({ accountId, from: issued.f, to: issued.t, pageSize: 100 }).then(
        (page) => {
          res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
          res.end(
            JSON.stringify({
              Data: { Transaction: page.entries.map((entry) => transactionView(entry, permissions)) },
              Links: { Self: `${platform.baseUrl}${req.url}` },
              Meta: {},
            }),
          );
        },
        (error: Error) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
    await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
    const bareOrigin = `http://127.0.0.1:${(bare.address() as { port: number }).port}`;
    try {
      const listed = await compare(
        client,
        { origin: platform.baseUrl, requests: (n) => session.requests(listPath, n) },
        { origin: bareOrigin, requests: () => [{ path: listPath }] },
        { concurrency, warmup: 100, sliceSeconds: 2, minSlice: 50 },
      );
      // Not the same work (the bare handler writes no jti and reads no consent or account):
      // the engine's floor of the query alone, printed beside ours without a ratio.
      const floorNote = (figure: string, ours: number, floor: number, unit: string) => ({
        name: `AIS GET …/transactions?pageSize=100: ${figure} (${concurrency} in flight)`,
        value: round(ours, 2),
        unit,
        note: `no ratio: the engine's floor (bare node:http + queryEntries + the same views, no gateway, no jti write, no consent/account read: less work than ours) ${figure} ${round(floor, 2)} ${unit}; same-work ratio in the next row`,
      });
      rows.push(
        floorNote('requests/s', listed.ours.rate, listed.baseline.rate, 'req/s'),
        floorNote('p50 latency', listed.ours.p50, listed.baseline.p50, 'ms'),
        floorNote('p99 latency', listed.ours.p99, listed.baseline.p99, 'ms'),
      );
      // The same read against a bare handler replaying our captured calls (the jti PutItem
      // beside the BatchGetItem, then the Query): the protected read's target.
      rows.push(
        await floorOf(
          platform,
          client,
          {
            name: 'AIS protected read GET …/transactions?pageSize=100, p50 vs the same calls bare',
            target: { ratioAtMost: 1.25 },
            note: 'target ≤ 1.25×; baseline: bare node:http replaying our captured DynamoDB calls raw (same items, conditions, round trips) and answering our bytes',
            expect: 200,
            requests: (n) => session.requests(listPath, n),
          },
          { slice: quick() ? 40 : 100, warmup: quick() ? 20 : 50, rounds: 5 },
        ),
      );

      // (c) DynamoDB calls per request, one request at a time so that nothing else is counted.
      const perRoute = async (
        origin: string,
        requests: (n: number) => Promise<LoadRequest[]> | LoadRequest[],
      ) => {
        const n = 20;
        const list = await requests(n);
        counter.reset();
        const result = await client.run(origin, list, { count: n, concurrency: 1 });
        const counts = counter.snapshot();
        const total = [...counts.values()].reduce((sum, c) => sum + c, 0);
        return {
          perRequest: total / n,
          breakdown: [...counts].map(([command, c]) => `${command} ${round(c / n, 2)}`).join(' · ') || 'none',
          p50: statsOf([result]).p50,
        };
      };
      const plain = (path: string) => () => [{ path }];
      const routes: Array<[string, string, (n: number) => Promise<LoadRequest[]> | LoadRequest[]]> = [
        ['GET /v1/banks', platform.baseUrl, plain('/v1/banks')],
        ['GET /v1/health', platform.baseUrl, plain('/v1/health')],
        ['GET /v1/aisp/accounts', platform.baseUrl, (n) => session.requests('/v1/aisp/accounts', n)],
        [
          'GET /v1/aisp/accounts/{id}',
          platform.baseUrl,
          (n) => session.requests(`/v1/aisp/accounts/${accountId}`, n),
        ],
        [
          'GET /v1/aisp/accounts/{id}/balances',
          platform.baseUrl,
          (n) => session.requests(`/v1/aisp/accounts/${accountId}/balances`, n),
        ],
      ];
      for (const [name, origin, requests] of routes) {
        const calls = await perRoute(origin, requests);
        rows.push({
          name: `DynamoDB calls per request: ${name}`,
          value: calls.perRequest,
          unit: 'calls',
          note: calls.breakdown,
        });
      }
      const bareCalls = await perRoute(bareOrigin, plain(listPath));
      for (const [name, path] of [
        ['/transactions (page 1 of 100)', listPath],
        [`/transactions (page ${deepPage.toLocaleString('en-US')} of ${pageSize})`, deepPath],
      ] as const) {
        const calls = await perRoute(platform.baseUrl, (n) => session.requests(path, n));
        rows.push({
          name: `DynamoDB calls per request: GET /v1/aisp/accounts/{id}${name}`,
          value: calls.perRequest,
          unit: 'calls',
          // No ratio: the bare handler is the engine's floor (the Query alone), not the same work.
          note: `${calls.breakdown}; the engine's floor, the bare handler: ${bareCalls.perRequest} (${bareCalls.breakdown})`,
        });
      }
    } finally {
      bare.closeAllConnections();
      await new Promise((resolve) => bare.close(resolve));
    }
    return rows;
  } finally {
    counter.remove();
    await client.close();
  }
}
