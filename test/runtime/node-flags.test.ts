import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { lambdaNodeOptions } from '../../lib/bundle-aliases.ts';
import { projectRoot } from '../../lib/paths.ts';

describe("Lambda's Node flags, locally", () => {
  it('run every local process that hosts the handlers: npm start, npm run bench and the test workers', () => {
    // Prepare
    const { scripts } = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };

    // Act
    const missing = lambdaNodeOptions.flatMap((flag) => [
      ...(['start', 'bench'] as const).filter((name) => !scripts[name]?.split(' ').includes(flag)),
      ...(process.execArgv.includes(flag) ? [] : ['this test worker']),
    ]);

    // Assess
    expect(lambdaNodeOptions).toContain('--experimental-async-context-frame');
    expect(missing).toEqual([]);
  });

  it("keep each concurrent request's AsyncLocalStorage store apart across awaits, as oidc-provider needs", async () => {
    // Prepare
    const storage = new AsyncLocalStorage<string>();
    const request = (id: string, wait: number) =>
      storage.run(id, async () => {
        const seen = [storage.getStore()];
        await sleep(wait);
        seen.push(storage.getStore());
        await Promise.resolve();
        seen.push(storage.getStore());
        return seen;
      });

    // Act
    const [first, second] = await Promise.all([request('a', 15), request('b', 1)]);

    // Assess
    expect(first).toEqual(['a', 'a', 'a']);
    expect(second).toEqual(['b', 'b', 'b']);
    expect(storage.getStore()).toBeUndefined();
  });
});
