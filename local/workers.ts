import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workers } from '../functions/routing/workers.ts';

const functionsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'functions');

/**
 * How often a scheduled worker that AWS also wakes on table changes (the stream trigger, e.g.
 * the bill-batch worker) runs locally, standing in for that trigger: a batch is worked within
 * seconds, as in AWS, not at the next minute. Its runs are cheap when nothing is pending.
 */
const TABLE_CHANGE_POLL_MS = 2_000;

/**
 * Runs the scheduled workers locally on the schedule CDK gives them in AWS (EventBridge),
 * calling the same handler modules, one run at a time per worker. Returns a function that stops them.
 */
export function startLocalWorkers(log: (message: string) => void = console.error): () => void {
  const timers = workers
    .filter((worker) => worker.everyMinutes)
    .map((worker) => {
      let running = false;
      const every = worker.onTableChanges ? TABLE_CHANGE_POLL_MS : worker.everyMinutes! * 60_000;
      return setInterval(async () => {
        if (running) return;
        running = true;
        try {
          const module = (await import(pathToFileURL(join(functionsDir, `${worker.handler}.ts`)).href)) as {
            handler: () => Promise<unknown>;
          };
          await module.handler();
        } catch (error) {
          log(`worker ${worker.handler} failed: ${(error as Error).message}`);
        } finally {
          running = false;
        }
      }, every);
    });
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
