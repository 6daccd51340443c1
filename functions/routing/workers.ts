import type { RouteAccess } from './routes.ts';

/** A Lambda that no route invokes (stream consumers, schedules, queues); the stack wires their triggers. */
export interface WorkerDefinition {
  /** Module under `functions/`, without extension, exporting `handler`. */
  handler: string;
  access?: RouteAccess;
  /** Seconds; workers may need longer than an API call. */
  timeoutSeconds?: number;
  memoryMiB?: number;
  /** Runs on a schedule every this many minutes (EventBridge). */
  everyMinutes?: number;
}

/**
 * Lambdas that no HTTP route invokes (settlement, webhook delivery, …). Each entry gets
 * the same bundling, logging and least-privilege grants as an API handler; the stack
 * wires its trigger.
 */
export const workers: WorkerDefinition[] = [
  // Moves interbank payments through the simulated NAPAS 247 leg: completed, or rejected with funds returned.
  { handler: 'workers/settlement', access: { table: 'readwrite' }, timeoutSeconds: 60, everyMinutes: 1 },
  // Releases holds of cash sessions whose terminal never reported, expires unscanned codes.
  { handler: 'workers/cash-sweeper', access: { table: 'readwrite' }, timeoutSeconds: 60, everyMinutes: 1 },
];
