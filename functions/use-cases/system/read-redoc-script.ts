let script: string | undefined;

/** Redoc's standalone bundle, read once per cold start; a failed read is retried by the next call. */
export function readRedocScript(): string {
  script ??= loadRedocScript();
  return script;
}

/**
 * Deployed, the CDK copies the bundle beside the docs handler's own (lib/bundle-files.ts);
 * locally, it is read from the installed `redoc` package. The built-ins are taken when the script
 * is first asked for, not imported: an ESM import of a built-in builds its module namespace at
 * every cold start of the docs function, whose requests are mostly the page (node:fs also loads
 * streams; node:url alone cost the page about 0.15 ms, a tenth of what its own code costs).
 */
function loadRedocScript(): string {
  const { readFileSync } = process.getBuiltinModule('node:fs');
  const { fileURLToPath } = process.getBuiltinModule('node:url');
  try {
    return readFileSync(fileURLToPath(new URL('./redoc.standalone.js', import.meta.url)), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { createRequire } = process.getBuiltinModule('node:module');
  return readFileSync(createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
}
