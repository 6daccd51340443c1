import type { WorkerDefinition } from './function-specs.ts';

/**
 * Lambdas that no HTTP route invokes (settlement, webhook delivery, …). Each entry gets
 * the same bundling, logging and least-privilege grants as an API handler; the stack
 * wires its trigger. Empty until the first worker lands.
 */
export const workers: WorkerDefinition[] = [];
