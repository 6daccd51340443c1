/**
 * The cost and capacity model (docs/capacity.md), computed from one benchmark run: the DynamoDB
 * work captured per operation (calls, RCU, WCU from `ReturnConsumedCapacity: TOTAL`) and the
 * measured durations, times AWS list prices and default quotas written down here with their date.
 * An operation the run did not measure is printed as "not measured in this run", never guessed.
 */
import { DEFAULT_CLIENT_LIMITS } from '../functions/routing/limits.ts';
import type { BenchRow, SectionResult } from './report.ts';
import type { Work } from './work.ts';

/** AWS list prices, Asia Pacific (Singapore), USD. */
const PRICES = {
  region: 'ap-southeast-1 (Singapore)',
  date: '2024-11-01 (DynamoDB on-demand after that day’s price reduction); Lambda, API Gateway and SQS list prices unchanged since',
  /** DynamoDB on-demand, per million write / read request units. */
  dynamoWrite: 0.7135,
  dynamoRead: 0.1427,
  /** Lambda arm64, per GB-second, and per million requests. */
  lambdaGbSecond: 0.0000133334,
  lambdaRequests: 0.2,
  /** API Gateway REST API, per million requests (first 333 million a month). */
  apiRequests: 4.25,
  /** SQS standard queue, per million requests. */
  sqsRequests: 0.4,
} as const;

/** AWS default quotas (per account and region unless said), as documented. */
const QUOTAS = {
  apiGatewayRps: 10_000,
  lambdaConcurrency: 1_000,
  /** On-demand table: a new table serves up to this at once, then doubles with sustained traffic. */
  tableInitialWcu: 4_000,
  tableInitialRcu: 12_000,
  /** Per-table on-demand maximum (account quota, raisable). */
  tableMaxWcu: 40_000,
  tableMaxRcu: 40_000,
  /** One partition key: its items live in one partition. */
  partitionWcu: 1_000,
  partitionRcu: 3_000,
} as const;

const MEMORY_GB = 0.5;

/** Which rows carry each costed operation: by name, from whichever section measured it. */
const COSTED = [
  { operation: 'payment', row: 'floor: payment', sqs: 0, api: true },
  { operation: 'protected read', row: 'floor: protected read', sqs: 0, api: true },
  // bench/checkout.ts: one checkout Confirm (the bill's payment, its session, the ledger), captured.
  { operation: 'bill payment', row: 'bills: pay a bill', sqs: 0, api: true },
  // bench/bills-batch.ts: one bill created by the batch worker (per item of a captured batch; the
  // batch's one API request and the worker's invocations are shared by its items: its row gives
  // the duration and the invocations per item).
  { operation: 'bill created (batch item)', row: 'bills: create a bill', sqs: 0, api: false },
  // bench/webhooks.ts: a delivery, per event of an untimed round with no other load (the
  // dispatcher's and the delivery worker's invocations, batched, from its row); the queue's send,
  // receive and delete counted as three requests, as if unbatched (an upper bound: the triggers
  // receive and delete by 10).
  { operation: 'webhook delivery', row: 'webhooks: delivery', sqs: 3, api: false },
] as const;

interface Measured {
  operation: string;
  work: Work;
  /**
   * Lambda time per operation (ms): an API request's measured p50 at one in flight (an upper
   * bound of its Lambda's own duration), or a worker's measured invocation time per item.
   */
  ms: number;
  /** Lambda invocations per operation: one per API request, fewer where a worker batches. */
  invocations: number;
  sqs: number;
  /** Whether each operation is one API Gateway request. */
  api: boolean;
}

function find(results: readonly SectionResult[], prefix: string): BenchRow | undefined {
  return results.flatMap((result) => result.rows).find((row) => row.name.startsWith(prefix) && row.work);
}

const usd = (value: number) =>
  `$${value < 10 ? value.toFixed(2) : Math.round(value).toLocaleString('en-US')}`;
const n = (value: number, digits = 1) =>
  value >= 100
    ? Math.round(value).toLocaleString('en-US')
    : String(Math.round(value * 10 ** digits) / 10 ** digits);

/** Cost per million operations, by service. */
function costPerMillion(measured: Measured) {
  const dynamo = measured.work.wcu * PRICES.dynamoWrite + measured.work.rcu * PRICES.dynamoRead;
  // Lambda rounds each invocation up to the millisecond: one invocation serves 1 / `invocations`
  // operations, lasting `ms / invocations`, and its rounded time is shared among them.
  const billedSeconds = (Math.ceil(measured.ms / measured.invocations) * measured.invocations) / 1000;
  const lambda =
    billedSeconds * MEMORY_GB * PRICES.lambdaGbSecond * 1e6 + measured.invocations * PRICES.lambdaRequests;
  const api = measured.api ? PRICES.apiRequests : 0;
  const sqs = measured.sqs * PRICES.sqsRequests;
  return { dynamo, lambda, api, sqs, total: dynamo + lambda + api + sqs };
}

/**
 * Shards for `rate` credits per second on one account: each credit writes the shard item and
 * its ledger entry, both under the shard's partition key, in a transaction; at half the
 * partition's 1,000 WCU, so that a random choice of shard leaves headroom.
 */
function shardsFor(rate: number, wcuPerItem: number, itemsPerCredit: number) {
  const perCredit = wcuPerItem * itemsPerCredit;
  return { perCredit, shards: Math.ceil((rate * perCredit) / (QUOTAS.partitionWcu * 0.5)) };
}

/** The limits a load of `rps` operations of one kind meets, most used first. */
function limitsAt(measured: Measured, rps: number) {
  const rows = [
    { limit: 'API Gateway account throttle (10,000 req/s)', use: rps / QUOTAS.apiGatewayRps, note: '' },
    {
      limit: 'Lambda concurrency (1,000)',
      use: (rps * measured.ms) / 1000 / QUOTAS.lambdaConcurrency,
      note: `${n((rps * measured.ms) / 1000)} concurrent at ${n(measured.ms)} ms`,
    },
    {
      limit: 'DynamoDB table WCU, on-demand initial (4,000/s)',
      use: (rps * measured.work.wcu) / QUOTAS.tableInitialWcu,
      note: `${n(rps * measured.work.wcu)} WCU/s; on-demand grows with sustained traffic`,
    },
    {
      limit: 'DynamoDB table WCU, account maximum per table (40,000/s)',
      use: (rps * measured.work.wcu) / QUOTAS.tableMaxWcu,
      note: `${n(rps * measured.work.wcu)} WCU/s`,
    },
    {
      limit: 'DynamoDB table RCU, on-demand initial (12,000/s)',
      use: (rps * measured.work.rcu) / QUOTAS.tableInitialRcu,
      note: `${n(rps * measured.work.rcu)} RCU/s`,
    },
  ];
  return rows.sort((a, b) => b.use - a.use);
}

/** docs/capacity.md from one run's results. */
export function capacityReport(
  results: readonly SectionResult[],
  run: { commit: string; date: string; command: string },
): string {
  const lines: string[] = [];
  const measured: Measured[] = [];
  const missing: string[] = [];
  for (const costed of COSTED) {
    const row = find(results, costed.row);
    if (!row?.work) missing.push(costed.operation);
    else
      measured.push({
        operation: costed.operation,
        work: row.work,
        ms: row.value,
        invocations: row.invocations ?? 1,
        sqs: costed.sqs,
        api: costed.api,
      });
  }
  lines.push(
    '# Cost and capacity model',
    '',
    `<!-- Generated by \`${run.command}\` (bench/capacity.ts) on ${run.date}, commit \`${run.commit}\`. Do not edit by hand. -->`,
    '',
    `Generated by \`${run.command}\` on ${run.date} from commit \`${run.commit}\`: each operation's DynamoDB work is what the`,
    'benchmark captured from the calls the request really made (`ReturnConsumedCapacity: TOTAL` on DynamoDB Local),',
    'and its duration, for an API request, the measured p50 of the whole request at one in flight on this machine',
    "(gateway and DynamoDB Local included, so an upper bound of what Lambda would bill); for a worker's operation",
    "(a bill of a batch, a webhook delivery), its share of the worker invocations' measured time, with their count.",
    '',
    `Prices: AWS list prices for ${PRICES.region}, as of ${PRICES.date}: DynamoDB on-demand $${PRICES.dynamoWrite} per million`,
    `write request units and $${PRICES.dynamoRead} per million read request units; Lambda arm64 at 512 MB $${PRICES.lambdaGbSecond} per`,
    `GB-second and $${PRICES.lambdaRequests} per million requests; API Gateway REST $${PRICES.apiRequests} per million requests; SQS`,
    `$${PRICES.sqsRequests} per million requests. Not counted: data transfer, CloudWatch logs, X-Ray, WAF, KMS, storage.`,
    '',
    '## Cost per million operations',
    '',
    '| Operation | DynamoDB calls (round trips) | RCU | WCU | Lambda time (invocations) | DynamoDB | Lambda | API Gateway | SQS | Total |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const m of measured) {
    const cost = costPerMillion(m);
    lines.push(
      `| ${m.operation} | ${n(m.work.calls)} (${n(m.work.roundTrips)}) | ${n(m.work.rcu, 2)} | ${n(m.work.wcu, 2)} | ${n(m.ms, 2)} ms (${n(m.invocations, 3)}) | ${usd(cost.dynamo)} | ${usd(cost.lambda)} | ${usd(cost.api)} | ${usd(cost.sqs)} | **${usd(cost.total)}** |`,
    );
  }
  for (const operation of missing) lines.push(`| ${operation} | not measured in this run | | | | | | | | |`);

  const payment = measured.find((m) => m.operation === 'payment');
  lines.push('', '## Shards for 1,000 credits per second on one account', '');
  if (payment) {
    const wcuPerItem = payment.work.wcu / payment.work.itemsWritten;
    const { perCredit, shards } = shardsFor(1_000, wcuPerItem, 2);
    lines.push(
      `A credit to a sharded account writes two items under one shard's partition key (the shard's balance and its`,
      `ledger entry, \`ACCOUNT#<id>#SHARD#<nn>\`) in a transaction: ${n(wcuPerItem, 2)} WCU per item as measured in the payment`,
      `(${n(payment.work.wcu, 2)} WCU over ${n(payment.work.itemsWritten)} items), so ${n(perCredit, 2)} WCU per credit on that key. One partition key takes`,
      `${QUOTAS.partitionWcu.toLocaleString('en-US')} WCU/s; at half of it (a random shard per credit leaves headroom):`,
      '',
      '| Account | Credits/s | WCU/s on the account | Shards needed | Configured |',
      '|---|---|---|---|---|',
      `| a collection account (one city partner's bills) | 1,000 | ${n(1_000 * perCredit)} | ${shards} | shards as its side says (\`shards\` on the posting) |`,
      `| NAPAS clearing (every interbank payment) | 1,000 | ${n(1_000 * perCredit)} | ${shards} | \`BANK_ACCOUNT_SHARDS\`, default 16 |`,
      '',
      'On DynamoDB, concurrent transactions on one item also conflict (`TransactionConflict`), which more shards',
      'spread further; DynamoDB Local does not raise that conflict, so this run cannot measure it.',
    );
  } else lines.push('Not measured in this run (no payment row with captured work).');

  lines.push(
    '',
    '## Where the first limit is hit',
    '',
    `Today's sandbox load is taken as ${DEFAULT_CLIENT_LIMITS.ratePerSecond} requests/s, the default steady rate of one partner's usage plan`,
    '(`DEFAULT_CLIENT_LIMITS`): the most the sandbox lets one client send. At 10× and 100× that, one partner alone is',
    'refused by its own plan (429) by design; the table spreads the load over many partners and puts it all on one',
    'operation per row. The limits are AWS default quotas (raisable by request).',
    '',
    '| Load | Operation | First limit | Use of it | Next | Detail |',
    '|---|---|---|---|---|---|',
  );
  for (const factor of [10, 100]) {
    const rps = factor * DEFAULT_CLIENT_LIMITS.ratePerSecond;
    for (const m of measured) {
      const [first, second] = limitsAt(m, rps);
      lines.push(
        `| ${factor}× (${rps.toLocaleString('en-US')}/s) | ${m.operation} | ${first!.limit} | ${n(first!.use * 100, 0)} % | ${second!.limit} (${n(second!.use * 100, 0)} %) | ${first!.note} |`,
      );
    }
  }
  lines.push(
    '',
    'Use above 100 % means the limit is hit before that load; the hot partition keys (a collection or the clearing',
    'account) need the shards above as well.',
    '',
  );
  return lines.join('\n');
}
