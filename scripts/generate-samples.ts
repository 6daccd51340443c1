/**
 * The TypeScript samples of the served document, taken from the examples rather than copied:
 * each `// #region sample: METHOD /path` … `// #endregion` of examples/*.ts becomes that
 * operation's `x-codeSamples`, after the same example's `// #region sample: setup` (its client:
 * a fintech's, a city portal's). An operation no example covers gets the quickstart's setup and
 * a call generated from the operation itself, so every operation has one. The README's
 * quickstart becomes the Getting-started section.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPI3 } from 'openapi-typescript';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const REGION = /^[ \t]*\/\/ #region sample: (.+)\n([\s\S]*?)^[ \t]*\/\/ #endregion/gm;

/** The example whose setup starts the samples of operations no example covers. */
const DEFAULT_SETUP = 'examples/quickstart.ts';

/** A marked region of an example, with the `setup` region of the same example. */
export interface ExampleRegion {
  code: string;
  file: string;
  setup?: string;
}

/** The marked regions of the examples by `METHOD /path` (first example wins), and each example's `setup`. */
export function exampleRegions(root: string): Map<string, ExampleRegion> {
  const regions = new Map<string, ExampleRegion>();
  const dir = join(root, 'examples');
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .sort()) {
    const file = `examples/${name}`;
    const marked = [...readFileSync(join(dir, name), 'utf8').matchAll(REGION)].map(([, key, code]) => ({
      label: key!.trim(),
      code: dedent(code!),
    }));
    const setup = marked.find(({ label }) => label === 'setup')?.code;
    if (setup) regions.set(`setup ${file}`, { code: setup, file });
    for (const { label, code } of marked) {
      if (label !== 'setup' && !regions.has(label))
        regions.set(label, { code, file, ...(setup ? { setup } : {}) });
    }
  }
  return regions;
}

function dedent(code: string): string {
  const lines = code.replace(/\n+$/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** A call written from the operation: its path parameters as placeholders, a body when it takes one. */
function generatedCall(method: string, path: string, operation: Record<string, unknown>): string {
  const params = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => `${m[1]}: '…'`);
  const options: string[] = [];
  if (params.length) options.push(`params: { path: { ${params.join(', ')} } }`);
  if (operation.requestBody) options.push('body: { Data: { /* … */ } } as never');
  const args = options.length ? `, { ${options.join(', ')} }` : '';
  return `const { data, error } = await ob.${method.toUpperCase()}('${path}'${args});`;
}

/** The contract with `x-codeSamples` on every operation and a Getting-started section. */
export function withCodeSamples(contract: OpenAPI3, root: string): OpenAPI3 {
  const regions = exampleRegions(root);
  const setup = regions.get(`setup ${DEFAULT_SETUP}`);
  if (!setup)
    throw new Error(`${DEFAULT_SETUP}: no \`// #region sample: setup\` (the client) to start samples with`);
  const document = structuredClone(contract) as OpenAPI3 & { paths: Record<string, Record<string, unknown>> };
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const region = regions.get(`${method.toUpperCase()} ${path}`);
      const source = region
        ? `${region.setup ?? setup.code}\n\n${region.code}\n// from ${region.file}`
        : `${setup.code}\n\n${generatedCall(method, path, operation)}`;
      operation['x-codeSamples'] = [{ lang: 'TypeScript', label: 'SDK', source: `${source}\n` }];
    }
  }
  document.info.description = `${gettingStarted(root)}\n${document.info.description ?? ''}`;
  return document;
}

/** The README's quickstart section, as the document's Getting-started section. */
function gettingStarted(root: string): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quickstart'));
  if (!section) throw new Error('README.md has no "## Quickstart" section for /docs');
  // Links to the repository's files mean nothing on the platform's /docs: kept as their text, in code.
  const body = section
    .slice(section.indexOf('\n') + 1)
    .trim()
    .replace(/\[([^\]]+)\]\((?!https?:)[^)]+\)/g, '$1');
  return `## Getting started\n\n${body}\n`;
}
