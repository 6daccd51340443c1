import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

let script: string | undefined;

/** Redoc's standalone bundle, read once per cold start; a failed read is retried by the next call. */
export function readRedocScript(): string {
  script ??= loadRedocScript();
  return script;
}

/**
 * Deployed, the CDK copies the bundle beside the docs handler's own (lib/bundle-files.ts);
 * locally, it is read from the installed `redoc` package. node:fs is taken when the script is
 * first asked for, not imported: an ESM import of node:fs (or node:fs/promises) loads streams or
 * readline internals at every cold start of the docs function, most of whose requests are the page.
 */
function loadRedocScript(): string {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  try {
    return readFileSync(fileURLToPath(new URL('./redoc.standalone.js', import.meta.url)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return readFileSync(createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
}
