/**
 * Bundles and cold start: every distinct handler of the route table (and every worker) bundled
 * with esbuild as the CDK stack bundles it (lib/constructs/handler-function.ts: minified ESM,
 * platform node, target node22, the AWS SDK included, the `require` shim banner), then each
 * bundle's size and its cold import time in a fresh `node` (median of several runs) against an
 * empty handler bundled the same way. Modules a bundle should not carry are flagged, from
 * esbuild's metafile.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { activeRoutes, type RouteAccess, touchesTable } from '../functions/routing/routes.ts';
import { workers } from '../functions/routing/workers.ts';
import { functionSpecs } from '../lib/function-specs.ts';
import { projectRoot } from '../lib/paths.ts';
import { type BenchRow, median, round } from './report.ts';

const run = promisify(execFile);

export interface BundleBenchOptions {
  /** Fresh-process imports per bundle; the median is reported. */
  runs?: number;
}

/** The banner the stack prepends, read from the construct so the two cannot drift. */
function requireShim(): string {
  const source = readFileSync(join(projectRoot, 'lib/constructs/handler-function.ts'), 'utf8');
  const found = /const requireShim =\s*"([^"]+)";/.exec(source);
  if (!found)
    throw new Error('requireShim not found in lib/constructs/handler-function.ts: update bench/bundles.ts');
  return found[1]!;
}

/** Lambda runs every function with `NODE_OPTIONS=--enable-source-maps` (handler-function.ts). */
const NODE_FLAGS = ['--enable-source-maps'];

const IMPORT_ONCE = `
const url = process.argv[1];
const started = performance.now();
const module = await import(url);
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ ms, handler: typeof module.handler }));`;

/** Install directory of a bundled input's package (`node_modules/qrcode/node_modules/pngjs/lib/png.js` → `node_modules/qrcode/node_modules/pngjs`). */
function packageDirOf(path: string): string | undefined {
  const at = path.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [first, second] = path.slice(at + 'node_modules/'.length).split('/');
  return `${path.slice(0, at)}node_modules/${first!.startsWith('@') ? `${first}/${second}` : first}`;
}

/** Package name of a bundled input path (`node_modules/@aws-sdk/client-dynamodb/…` → `@aws-sdk/client-dynamodb`). */
function packageOf(path: string): string | undefined {
  const dir = packageDirOf(path);
  return dir?.slice(dir.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

/** A readable group for the size breakdown: the SDK's many packages as one. */
function groupOf(path: string): string {
  const name = packageOf(path);
  if (!name) return path.startsWith('functions/') ? 'own code' : path.split('/')[0]!;
  if (/^@(aws-sdk|smithy|aws-crypto)\//.test(name) || name === 'tslib' || name === 'fast-xml-parser')
    return 'AWS SDK';
  return name;
}

interface Expectations {
  /** Install directories package-lock.json marks `dev`: only devDependencies need them. */
  devOnly: Set<string>;
}

/** Why a handler's bundle carries something it should not; empty when it is clean. */
function flagsOf(handler: string, access: RouteAccess, inputs: string[], expect: Expectations): string[] {
  const flags = new Set<string>();
  const packages = new Set(inputs.map(packageOf).filter((name): name is string => Boolean(name)));
  for (const dir of new Set(inputs.map(packageDirOf))) {
    if (dir && expect.devOnly.has(dir)) flags.add(`${packageOf(dir)} (only devDependencies need it)`);
  }
  if (!access.signingKeys) {
    if (packages.has('oidc-provider')) flags.add('oidc-provider (not an authorization-server route)');
    if (packages.has('@aws-sdk/client-secrets-manager'))
      flags.add('@aws-sdk/client-secrets-manager (reads no signing keys)');
  }
  if (!touchesTable(access) && packages.has('@aws-sdk/client-dynamodb'))
    flags.add('@aws-sdk/client-dynamodb (touches no table)');
  for (const input of inputs) {
    const top = input.split('/')[0]!;
    if (['test', 'bench', 'lib', 'local', 'scripts'].includes(top)) flags.add(`${top}/ source (${input})`);
  }
  if (/^handlers\/(aisp|qr|cash)\//.test(handler)) {
    if (packages.has('koa')) flags.add('koa (the authorization server’s framework)');
  }
  return [...flags];
}

/** Bundles every handler and the empty baseline; returns where each bundle is and what it holds. */
async function bundleAll(outdir: string) {
  const specs = functionSpecs(activeRoutes(true), workers);
  const emptyDir = join(outdir, 'src');
  mkdirSync(emptyDir, { recursive: true });
  const emptyEntry = join(emptyDir, 'empty-handler.ts');
  writeFileSync(emptyEntry, "export const handler = async () => ({ statusCode: 200, body: '' });\n");
  const entryPoints = [
    ...specs.map((spec) => ({
      in: join(projectRoot, 'functions', `${spec.handler}.ts`),
      out: `${spec.handler}/index`,
    })),
    { in: emptyEntry, out: '(empty)/index' },
  ];
  const started = performance.now();
  // One esbuild call with many entry points and no code splitting writes each bundle exactly
  // as a build of its own would: the options below are the construct's, plus the metafile.
  const result = await build({
    entryPoints,
    outdir,
    outExtension: { '.js': '.mjs' },
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    charset: 'utf8',
    banner: { js: requireShim() },
    tsconfig: join(projectRoot, 'tsconfig.json'),
    external: [],
    logLevel: 'warning',
    metafile: true,
  });
  const buildSeconds = (performance.now() - started) / 1000;
  const outputs = new Map<
    string,
    { file: string; bytes: number; mapBytes: number; inputs: Metafile['outputs'][string]['inputs'] }
  >();
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('/index.mjs')) continue;
    const name = relative(outdir, join(projectRoot, file)).replace(/\/index\.mjs$/, '');
    const map = result.metafile.outputs[`${file}.map`];
    outputs.set(name, {
      file: join(projectRoot, file),
      bytes: output.bytes,
      mapBytes: map?.bytes ?? 0,
      inputs: output.inputs,
    });
  }
  return { specs, outputs, buildSeconds };
}

/** Times one cold import of a bundle in a fresh Node process. */
async function coldImport(file: string, env: NodeJS.ProcessEnv): Promise<number> {
  const { stdout } = await run(
    process.execPath,
    [...NODE_FLAGS, '--input-type=module', '-e', IMPORT_ONCE, pathToFileURL(file).href],
    { env, maxBuffer: 1024 * 1024 },
  );
  const answer = JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; handler: string };
  if (answer.handler !== 'function') throw new Error(`${file} exports no handler function`);
  return answer.ms;
}

/** What a handler needs at import in a fresh process; nothing here is contacted while importing. */
function importEnvironment(dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
    TABLE_NAME: 'Main',
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
    DATA_DIR: dataDir,
    SANDBOX: '1',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
}

/** Sizes, cold imports and unneeded modules of every handler bundle. */
export async function benchBundles(options: BundleBenchOptions = {}): Promise<BenchRow[]> {
  const runs = options.runs ?? 5;
  const outdir = mkdtempSync(join(tmpdir(), 'ob-bench-bundles-'));
  try {
    const { specs, outputs, buildSeconds } = await bundleAll(outdir);
    const lock = JSON.parse(readFileSync(join(projectRoot, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = new Set(
      Object.entries(lock.packages)
        .filter(([, entry]) => entry.dev)
        .map(([dir]) => dir),
    );
    const env = importEnvironment(join(outdir, 'data'));
    const names = [...outputs.keys()];
    const times = new Map<string, number[]>(names.map((name) => [name, []]));
    // Round-robin, one process at a time: noise from the rest of the machine spreads over all bundles.
    for (let i = 0; i < runs; i++) {
      for (const name of names) times.get(name)!.push(await coldImport(outputs.get(name)!.file, env));
    }
    const empty = outputs.get('(empty)')!;
    const emptyMs = median(times.get('(empty)')!);
    const rows: BenchRow[] = [];
    let flagged = 0;
    for (const spec of [...specs].sort((a, b) => a.handler.localeCompare(b.handler))) {
      const output = outputs.get(spec.handler)!;
      const inputs = Object.keys(output.inputs);
      const flags = flagsOf(spec.handler, spec.access, inputs, { devOnly });
      if (flags.length) flagged++;
      const groups = new Map<string, number>();
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs))
        groups.set(groupOf(input), (groups.get(groupOf(input)) ?? 0) + bytesInOutput);
      const top = [...groups]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([group, bytes]) => `${group} ${Math.round((100 * bytes) / output.bytes)}%`)
        .join(', ');
      const ms = median(times.get(spec.handler)!);
      rows.push({
        name: `cold import: ${spec.handler}${spec.worker ? ' (worker)' : ''}`,
        value: round(ms, 1),
        unit: 'ms',
        baseline: round(emptyMs, 1),
        ratio: round(ms / emptyMs, 2),
        note: `${round(output.bytes / 1024, 0)} KB (map ${round(output.mapBytes / 1024, 0)} KB); ${top}${
          flags.length ? `; FLAG: ${flags.join(', ')}` : ''
        }`,
      });
    }
    const handlerTimes = specs.map((spec) => ({
      handler: spec.handler,
      ms: median(times.get(spec.handler)!),
    }));
    const slowest = [...handlerTimes].sort((a, b) => b.ms - a.ms)[0]!;
    const typical = median(handlerTimes.map((entry) => entry.ms));
    rows.push(
      {
        name: `cold import, median of ${specs.length} handlers`,
        value: round(typical, 1),
        unit: 'ms',
        baseline: round(emptyMs, 1),
        ratio: round(typical / emptyMs, 2),
        note: `baseline: an empty handler bundled the same way; median of ${runs} fresh \`node --enable-source-maps\` imports each`,
      },
      {
        name: `cold import, slowest: ${slowest.handler}`,
        value: round(slowest.ms, 1),
        unit: 'ms',
        baseline: round(emptyMs, 1),
        ratio: round(slowest.ms / emptyMs, 2),
      },
    );
    const largest = [...specs].sort(
      (a, b) => outputs.get(b.handler)!.bytes - outputs.get(a.handler)!.bytes,
    )[0]!;
    const sizes = specs.map((spec) => outputs.get(spec.handler)!.bytes);
    rows.push({
      name: `bundle size, largest: ${largest.handler}`,
      value: round(outputs.get(largest.handler)!.bytes / 1024, 0),
      unit: 'KB',
      note: `median handler ${round(median(sizes) / 1024, 0)} KB, empty handler ${round(empty.bytes / 1024, 1)} KB; ${specs.length} bundles built in ${round(buildSeconds, 1)} s`,
    });
    rows.push({
      name: 'bundles carrying modules they do not need',
      value: flagged,
      unit: 'bundles',
      note: flagged
        ? 'see FLAG in the notes above'
        : 'none: nothing only devDependencies need, no oidc-provider or Secrets Manager outside the authorization server, no test/lib/local code',
    });
    return rows;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
