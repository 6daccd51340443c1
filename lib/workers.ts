import type { WorkerDefinition } from './function-specs.ts';

/**
 * Lambdas that no HTTP route invokes (settlement, webhook delivery, …). Each entry gets
 * the same bundling, logging and least-privilege grants as an API handler; the stack
 * wires its trigger.
 */
export const workers: WorkerDefinition[] = [
  // Releases holds of cash sessions whose terminal never reported, expires unscanned codes.
  { handler: 'workers/cash-sweeper', access: { table: 'readwrite' }, timeoutSeconds: 60, everyMinutes: 1 },
];
