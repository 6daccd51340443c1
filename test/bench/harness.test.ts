import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoCapture, writeTargets } from '../../bench/capture.ts';
import { floorRow, sameWorkRow } from '../../bench/harness.ts';
import { readmeTable } from '../../bench/publish.ts';
import { replayer } from '../../bench/replay.ts';
import { printSummary, printTable, verdict } from '../../bench/report.ts';
import { averageWork, heaviest } from '../../bench/work.ts';
import { documents, dynamo, mainTableName } from '../../functions/store/client.ts';
import { work } from './work-fixture.ts';

const table = mainTableName();
const repeats = { ours: [10, 11, 12], baseline: [8, 9, 10] };

/** One payment-shaped operation of ours: a read of two accounts, then one conditioned transaction. */
async function paymentShaped(prefix: string) {
  const [payer, payee] = [`${prefix}#payer`, `${prefix}#payee`];
  await documents.send(
    new BatchGetCommand({
      RequestItems: { [table]: { Keys: [payer, payee].map((pk) => ({ pk, sk: 'A' })) } },
    }),
  );
  const id = randomUUID();
  await documents.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: table,
            Key: { pk: payer, sk: 'A' },
            UpdateExpression: 'SET balance = balance - :amount, version = version + :one',
            ConditionExpression: 'balance >= :amount AND version = :version',
            ExpressionAttributeValues: { ':amount': 100, ':one': 1, ':version': 1 },
          },
        },
        {
          Update: {
            TableName: table,
            Key: { pk: payee, sk: 'A' },
            UpdateExpression: 'ADD balance :amount',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':amount': 100 },
          },
        },
        {
          Put: {
            TableName: table,
            Item: { pk: `${prefix}#posting#${id}`, sk: 'P', amount: 100 },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
    }),
  );
}

describe('bench harness: a ratio only against a baseline that did the same work', () => {
  const raw = new DynamoDBClient({ maxAttempts: 4 });
  const preImages = new DynamoDBClient({});
  const ours = new DynamoCapture(dynamo, { preImages });
  const baseline = new DynamoCapture(raw);
  afterAll(() => {
    ours.remove();
    baseline.remove();
  });

  it('prints the median ratio and its spread when the baseline did the same work', () => {
    const row = sameWorkRow('x', repeats, 'ms', { ours: work(), baseline: work() }, 'same work');

    expect(row.ratio).toBe(1.222);
    expect(row.spread).toEqual([1.2, 1.25]);
    expect(row.note).toBe('same work');
  });

  it('refuses the ratio when the baseline wrote fewer items or checked fewer conditions', () => {
    const lighter = work({ itemsWritten: 5, conditions: 0, wcu: 10 });

    const row = sameWorkRow('x', repeats, 'ms', { ours: work(), baseline: lighter }, 'tiny items');

    expect(row.ratio).toBeUndefined();
    expect(row.spread).toBeUndefined();
    expect(row.note).toContain('NO RATIO: the baseline did less work');
    expect(row.note).toContain('items written 5 < 7');
    expect(row.note).toContain('conditions 0 < 7');
  });

  it('refuses the ratio when the baseline made fewer round trips or had failed calls', () => {
    const fewer = sameWorkRow('x', repeats, 'ms', { ours: work(), baseline: work({ roundTrips: 1 }) }, '');
    const failed = sameWorkRow('x', repeats, 'ms', { ours: work(), baseline: work({ failed: 1 }) }, '');

    expect(fewer.ratio).toBeUndefined();
    expect(fewer.note).toContain('round trips 1 < 2');
    expect(failed.ratio).toBeUndefined();
    expect(failed.note).toContain('1 failed calls');
  });

  it('replays the heaviest of unequal captures, so the baseline is never lighter than their average', () => {
    const plain = work();
    const extraQuery = work({ calls: 3, itemsRead: 4, rcu: 2, operations: { Query: 1 } });
    const captures = [plain, extraQuery, plain];

    const template = captures[heaviest(captures)]!;

    expect(template).toBe(extraQuery);
    expect(
      sameWorkRow('x', repeats, 'ms', { ours: averageWork(captures), baseline: captures[0]! }, '').ratio,
    ).toBeUndefined();
    expect(
      sameWorkRow('x', repeats, 'ms', { ours: averageWork(captures), baseline: template }, '').ratio,
    ).toBe(1.222);
  });

  it('refuses fewer than 3 repeats', () => {
    expect(() =>
      sameWorkRow('x', { ours: [1, 2], baseline: [1, 2] }, 'ms', { ours: work(), baseline: work() }, ''),
    ).toThrow(/at least 3 paired repeats/);
  });

  it('captures calls, round trips, items, conditions and capacity, and a replay does the same work on the real engine', async () => {
    const prefix = `BENCH#${randomUUID()}`;
    for (const pk of [`${prefix}#payer`, `${prefix}#payee`])
      await documents.send(
        new PutCommand({ TableName: table, Item: { pk, sk: 'A', balance: 1_000, version: 1 } }),
      );

    const { captured } = await ours.capture(() => paymentShaped(prefix));
    const replay = replayer(captured, raw, randomUUID());
    await replay.seed(1);
    const { captured: replayed } = await baseline.capture(() => replay.run(1));

    expect(captured.work).toMatchObject({
      calls: 2,
      roundTrips: 2,
      itemsRead: 2,
      itemsWritten: 3,
      conditions: 3,
      failed: 0,
      operations: { BatchGetItem: 1, TransactWriteItems: 1 },
    });
    expect(captured.work.rcu).toBeGreaterThan(0);
    expect(captured.work.wcu).toBeGreaterThan(0);
    expect(replayed.work.failed).toBe(0);
    const row = sameWorkRow('payment', repeats, 'ms', { ours: captured.work, baseline: replayed.work }, '');
    expect(row.note).not.toContain('NO RATIO');
    expect(row.ratio).toBe(1.222);
  });

  it('refuses a hand-made baseline of unconditioned tiny writes against the captured operation', async () => {
    const prefix = `BENCH#${randomUUID()}`;
    for (const pk of [`${prefix}#payer`, `${prefix}#payee`])
      await documents.send(
        new PutCommand({ TableName: table, Item: { pk, sk: 'A', balance: 1_000, version: 1 } }),
      );
    const { captured } = await ours.capture(() => paymentShaped(prefix));

    const { captured: tiny } = await ours.capture(async () => {
      await documents.send(
        new UpdateCommand({
          TableName: table,
          Key: { pk: `${prefix}#payer`, sk: 'A' },
          UpdateExpression: 'ADD balance :minus',
          ExpressionAttributeValues: { ':minus': -1 },
        }),
      );
    });
    const row = sameWorkRow('payment', repeats, 'ms', { ours: captured.work, baseline: tiny.work }, '');

    expect(row.ratio).toBeUndefined();
    expect(row.note).toMatch(
      /calls 1 < 2; round trips 1 < 2; items read 0 < 2; items written 1 < 3; conditions 0 < 3/,
    );
  });
  it('replays a pipeline of lanes as lanes: each call after the ones it waited for, the same work and round trips, copies cleaned', async () => {
    // Prepare: 4 lanes of 3 payment-shaped operations each (a worker's chunk), captured together.
    const prefix = `BENCH#${randomUUID()}`;
    const lanes = 4;
    for (let lane = 0; lane < lanes; lane++)
      for (let i = 0; i < 3; i++)
        for (const pk of [`${prefix}#${lane}#${i}#payer`, `${prefix}#${lane}#${i}#payee`])
          await documents.send(
            new PutCommand({ TableName: table, Item: { pk, sk: 'A', balance: 1_000, version: 1 } }),
          );
    const { captured } = await ours.capture(() =>
      Promise.all(
        Array.from({ length: lanes }, async (_, lane) => {
          for (let i = 0; i < 3; i++) await paymentShaped(`${prefix}#${lane}#${i}`);
        }),
      ),
    );

    // Act
    const replay = replayer(captured, raw, randomUUID(), 'pipeline');
    await replay.seed(1);
    const { captured: replayed } = await baseline.capture(() => replay.run(1));
    await replay.clean(1);
    // The copies of the written items are gone afterwards: reading them finds nothing.
    const copies = replayed.calls.flatMap((call) => writeTargets(call.operation, call.input));
    const remaining = (
      await Promise.all(
        copies.map((target) =>
          raw.send(new GetItemCommand({ TableName: target.table, Key: target.key, ConsistentRead: true })),
        ),
      )
    ).filter((answer) => answer.Item).length;

    // Assess
    expect(replayed.work.failed).toBe(0);
    expect(replayed.work.calls).toBe(captured.work.calls);
    expect(replayed.work.conditions).toBe(captured.work.conditions);
    expect(replayed.work.itemsWritten).toBe(captured.work.itemsWritten);
    expect(replayed.work.roundTrips).toBeGreaterThanOrEqual(6);
    // Each call also waits for the deepest call that ended before it in ours: never fewer levels.
    expect(replayed.work.roundTrips).toBeGreaterThanOrEqual(captured.work.roundTrips);
    expect(replayed.work.itemsRead).toBe(captured.work.itemsRead);
    expect(copies.length).toBe(lanes * 3 * 3);
    expect(remaining).toBe(0);
  });
  it('judges every target on print: PASS, MISS, or NOT JUDGED when the baseline did less work', () => {
    // Prepare
    const within = {
      ...sameWorkRow('read', repeats, 'ms', { ours: work(), baseline: work() }, ''),
      target: { ratioAtMost: 1.25 },
    };
    const above = { ...within, target: { ratioAtMost: 1.2 } };
    const lighter = {
      ...sameWorkRow('read', repeats, 'ms', { ours: work(), baseline: work({ conditions: 0 }) }, ''),
      target: { ratioAtMost: 1.25 },
    };
    const rate = {
      name: 'gateway',
      value: 40,
      baseline: 100,
      ratio: 0.4,
      unit: 'req/s',
      target: { ratioAtLeast: 0.5 },
    };
    const calls = { name: 'calls', value: 2, unit: 'calls', target: { valueAtMost: 2 } };
    const lines: string[] = [];

    // Act
    printTable('t', [within, above, lighter, rate, calls], (line) => lines.push(line));
    printSummary([{ section: 's', rows: [within, lighter], seconds: 1 }], (line) => lines.push(line));

    // Assess
    expect([within, above, lighter, rate, calls].map(verdict)).toEqual([
      'PASS ratio ≤ 1.25×',
      'MISS ratio ≤ 1.2×',
      'NOT JUDGED (no ratio) ratio ≤ 1.25×',
      'MISS ratio ≥ 0.5×',
      'PASS ≤ 2 calls',
    ]);
    expect(lines.filter((line) => line.includes('PASS ratio ≤ 1.25×'))).toHaveLength(2);
    expect(lines.filter((line) => line.includes('NOT JUDGED'))).toHaveLength(2);
  });

  it('prints a floor beside ours with no ratio, in the run and in the README, saying what it leaves out', () => {
    // Prepare
    const delivered = { ours: [190, 200, 180], baseline: [1900, 2000, 2100] };
    const same = sameWorkRow('same', repeats, 'ms', { ours: work(), baseline: work() }, '');
    const lighter = sameWorkRow(
      'lighter',
      repeats,
      'ms',
      { ours: work(), baseline: work({ conditions: 0 }) },
      '',
    );

    // Act
    const floor = floorRow('deliveries/s', delivered, 'deliveries/s', 'no durability', '3 rounds');
    const table = readmeTable([{ section: 'webhooks', rows: [floor, same, lighter], seconds: 1 }], {
      commit: 'abc1234',
      date: '2026-12-03 15:00 UTC',
      command: 'npm run bench',
      load: '1.0 / 1.0 / 1.0',
    });

    // Assess
    expect(floor).toMatchObject({ value: 190, baseline: 2000, unit: 'deliveries/s' });
    expect(floor.ratio).toBeUndefined();
    expect(floor.note).toContain("NO RATIO: the baseline is the engine's floor (no durability)");
    expect(floor.note).toContain('Ours 180–200, floor 1900–2100 over 3 repeats');
    const rowOf = (name: string) =>
      table.split('\n').find((line) => line.startsWith(`| webhooks | ${name} |`));
    expect(rowOf('deliveries/s')).toContain(
      "| 190 deliveries/s | 2000 | none: the baseline is the engine's floor (no durability) |",
    );
    expect(rowOf('same')).toContain('| 1.222× (1.2–1.25) |');
    expect(rowOf('lighter')).toContain('| none: baseline did less work |');
    expect(() => floorRow('x', { ours: [1, 2], baseline: [1, 2] }, 'ms', '', '')).toThrow(
      /at least 3 paired repeats/,
    );
  });

  it('summarises a run whose sections failed or were skipped, naming each', () => {
    // Prepare
    const lines: string[] = [];
    const passed = { name: 'calls', value: 2, unit: 'calls', target: { valueAtMost: 2 } };

    // Act
    printSummary(
      [
        { section: 'auth', rows: [], seconds: 3, failed: 'answered 429, expected 200' },
        { section: 'sdk', rows: [], seconds: 0, skipped: 'no chromium' },
        { section: 'payments', rows: [passed], seconds: 5 },
      ],
      (line) => lines.push(line),
    );

    // Assess
    expect(lines.find((line) => line.startsWith('auth'))).toContain('FAILED: answered 429, expected 200');
    expect(lines.find((line) => line.startsWith('sdk'))).toContain('skipped: no chromium');
    expect(lines.find((line) => line.startsWith('payments'))).toContain('PASS ≤ 2 calls');
  });
});
