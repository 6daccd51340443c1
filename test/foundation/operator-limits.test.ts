import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listClientLimits } from '../../functions/store/client-limits.ts';
import { parseLimitsCommand, runLimitsCommand } from '../../scripts/operator-limits.ts';

describe('npm run operator:limits', () => {
  it('reads set, clear and list, and refuses what it cannot do', () => {
    expect(parseLimitsCommand(['set', 'c1', '--rps', '20', '--daily', '50000'])).toEqual({
      verb: 'set',
      clientId: 'c1',
      ratePerSecond: 20,
      burst: 40,
      dailyQuota: 50_000,
    });
    expect(parseLimitsCommand(['clear', 'c1'])).toEqual({ verb: 'clear', clientId: 'c1' });
    expect(parseLimitsCommand(['list'])).toEqual({ verb: 'list' });
    // Client ids are random base64url: some begin with a dash.
    expect(parseLimitsCommand(['set', '-Xq9', '--rps', '5'])).toMatchObject({
      clientId: '-Xq9',
      ratePerSecond: 5,
    });
    expect(parseLimitsCommand(['clear', '-Xq9'])).toEqual({ verb: 'clear', clientId: '-Xq9' });
    expect(() => parseLimitsCommand(['list', 'c1'])).toThrow(/usage/);
    expect(() => parseLimitsCommand(['clear', 'c1', 'c2'])).toThrow(/unexpected arguments: c2/);
    expect(() => parseLimitsCommand(['set', 'c1'])).toThrow(/--rps/);
    expect(() => parseLimitsCommand(['set', '--rps', '5'])).toThrow(/usage/);
    expect(() => parseLimitsCommand(['set', 'c1', '--rps', 'fast'])).toThrow(/whole number/);
    expect(() => parseLimitsCommand(['raise', 'c1'])).toThrow(/usage/);
  });

  it('stores a client’s limits in the table, lists them, and clears them', async () => {
    // Prepare
    const clientId = `op-${randomUUID()}`;

    // Act
    const set = await runLimitsCommand(
      parseLimitsCommand(['set', clientId, '--rps', '20', '--daily', '50000']),
    );
    const stored = (await listClientLimits()).find((item) => item.clientId === clientId);
    const listed = await runLimitsCommand({ verb: 'list' });
    const cleared = await runLimitsCommand({ verb: 'clear', clientId });
    const again = await runLimitsCommand({ verb: 'clear', clientId });

    // Assess
    expect(set[0]).toMatch(new RegExp(`^${clientId}: 20 requests/s, burst 40, 50000 a day`));
    expect(stored).toMatchObject({ clientId, ratePerSecond: 20, burst: 40, dailyQuota: 50_000 });
    expect(listed.some((line) => line.startsWith(`${clientId}:`))).toBe(true);
    expect(cleared).toEqual([`${clientId}: back to the defaults`]);
    expect(again[0]).toMatch(/had no limits of its own/);
    expect((await listClientLimits()).some((item) => item.clientId === clientId)).toBe(false);
  });

  it('refuses limits out of range with what to fix, storing nothing', async () => {
    // Prepare
    const clientId = `op-${randomUUID()}`;

    // Act + Assess
    await expect(
      runLimitsCommand(parseLimitsCommand(['set', clientId, '--rps', '50', '--burst', '10'])),
    ).rejects.toThrow(/burst \(10\) must be at least ratePerSecond \(50\)/);
    expect((await listClientLimits()).some((item) => item.clientId === clientId)).toBe(false);
  });
});
