import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routing/routes.ts';
import { workers } from '../../functions/routing/workers.ts';
import { bundleGlobals } from '../../lib/bundle-aliases.ts';

interface KnipConfig {
  workspaces: Record<string, { entry: string[] }>;
}

describe('knip.json', () => {
  it('names every handler of the route table, every worker and every file esbuild injects as an entry point, and no other Lambda', async () => {
    // Prepare
    const config = JSON.parse(
      await readFile(new URL('../../knip.json', import.meta.url), 'utf8'),
    ) as KnipConfig;
    const lambdas = new Set([...routes, ...workers].map(({ handler }) => `functions/${handler}.ts`));
    // Injected into every bundle by esbuild, so nothing imports them: knip needs them named too.
    const injected = bundleGlobals.map((path) => path.replace(/^\.\//, ''));

    // Act
    const entries = config.workspaces['.']!.entry.filter((entry) => entry.startsWith('functions/'));

    // Assess: knip reports what no entry reaches, so a missing Lambda would look unused.
    expect(new Set(entries)).toEqual(new Set([...lambdas, ...injected]));
  });
});
