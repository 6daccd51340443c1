import { defineConfig } from 'vitest/config';
import { lambdaNodeOptions } from './lib/bundle-aliases.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/global.ts'],
    setupFiles: ['test/setup/environment.ts'],
    pool: 'forks',
    // The handlers run in the workers with the Node flags they run with on Lambda.
    execArgv: [...lambdaNodeOptions],
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { POWERTOOLS_LOG_LEVEL: 'CRITICAL' },
  },
});
