import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: esbuild's project root and the base of every handler entry. */
export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The source file of a handler named like the route table does (`system/health`). */
export function handlerEntry(handler: string): string {
  return join(projectRoot, 'functions', `${handler}.ts`);
}
