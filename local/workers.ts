import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workers } from '../functions/routing/workers.ts';

const functionsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'functions');

/**
 * Runs the scheduled workers locally on the schedule CDK gives them in AWS (EventBridge),
 * calling the same handler modules. Returns a function that stops them.
 */
export function startLocalWorkers(log: (message: string) => void = console.error): () => void {
  const timers = workers
    .filter((worker) => worker.everyMinutes)
    .map((worker) =>
      setInterval(async () => {
        try {
          const module = (await import(pathToFileURL(join(functionsDir, `${worker.handler}.ts`)).href)) as {
            handler: () => Promise<unknown>;
          };
          await module.handler();
        } catch (error) {
          log(`worker ${worker.handler} failed: ${(error as Error).message}`);
        }
      }, worker.everyMinutes! * 60_000),
    );
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}
