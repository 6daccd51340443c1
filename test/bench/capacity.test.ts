import { describe, expect, it } from 'vitest';
import { capacityReport } from '../../bench/capacity.ts';
import { work } from './work-fixture.ts';

const run = { commit: 'abc1234', date: '2026-12-03 15:00 UTC', command: 'npm run bench' };

describe('cost model: Lambda billed per invocation, shared by the operations a batch serves', () => {
  it('bills an API request one invocation of its rounded p50, and a batched delivery its share of one invocation', () => {
    // Prepare
    const rows = [
      {
        name: 'floor: payment POST /v1/pisp/domestic-payments',
        value: 17.2,
        unit: 'ms',
        work: work({ itemsWritten: 11, conditions: 11, wcu: 22 }),
      },
      {
        name: 'webhooks: delivery, DynamoDB work and Lambda time per delivery',
        value: 0.5,
        unit: 'ms',
        invocations: 0.1,
        work: work({ calls: 3, rcu: 0, wcu: 8 }),
      },
    ];

    // Act
    const report = capacityReport([{ section: 'x', rows, seconds: 1 }], run);

    // Assess
    const line = (operation: string) =>
      report.split('\n').find((text) => text.startsWith(`| ${operation} |`));
    // Payment: 18 ms billed × 0.5 GB × $0.0000133334 × 1e6 = $0.12, + $0.20 for one request = $0.32.
    expect(line('payment')).toContain('| 17.2 ms (1) |');
    expect(line('payment')).toMatch(/\| \$0\.32 \| \$4\.25 \| \$0\.00 \|/);
    // Delivery: an invocation of 10 lasts 5 ms (billed 5), 0.5 ms each: $0.0033, + 0.1 × $0.20 = $0.02
    // (billing each delivery a whole invocation, as before, gave $0.21).
    expect(line('webhook delivery')).toContain('| 0.5 ms (0.1) |');
    expect(line('webhook delivery')).toMatch(/\| \$0\.02 \| \$0\.00 \| \$1\.20 \|/);
    expect(line('protected read')).toContain('not measured in this run');
  });
});
