import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

let script: Promise<string> | undefined;

/** Redoc's standalone bundle, read once per cold start; a failed read is retried by the next call. */
export function readRedocScript(): Promise<string> {
  script ??= loadRedocScript().catch((error: unknown) => {
    script = undefined;
    throw error;
  });
  return script;
}

/**
 * Deployed, the CDK copies the bundle beside the docs handler's own (lib/bundle-files.ts);
 * locally, it is read from the installed `redoc` package.
 */
async function loadRedocScript(): Promise<string> {
  try {
    return await readFile(fileURLToPath(new URL('./redoc.standalone.js', import.meta.url)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return readFile(createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
}
