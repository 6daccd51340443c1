/**
 * Bundles and cold start: every distinct handler of the route table (and every worker) bundled
 * with esbuild as the CDK stack bundles it (lib/constructs/handler-function.ts: minified ESM,
 * platform node, target node22, the AWS SDK included, the `require` shim banner, the aliases,
 * injected files and served routes of lib/bundle-aliases.ts, run with its Node flags), then each
 * bundle's size and its cold import time in a fresh `node`, paired round by round with a bundle
 * of only its unavoidable dependencies: the packages of {@link UNAVOIDABLE} that its own code
 * imports, imported by the same names, with the SDK clients constructed and the handler wrapped
 * in middy as ours are, bundled the same way. The ratio is what our code and our other choices add to a cold start. Modules a
 * bundle should not carry are flagged, from esbuild's metafile.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { activeRoutes, type RouteAccess, touchesTable } from '../functions/routing/routes.ts';
import { workers } from '../functions/routing/workers.ts';
import { bundleAliases, bundledRoutes, bundleGlobals, lambdaNodeOptions } from '../lib/bundle-aliases.ts';
import { functionSpecs } from '../lib/function-specs.ts';
import { projectRoot } from '../lib/paths.ts';
import { type BenchRow, median, quick, round } from './report.ts';

const run = promisify(execFile);

export interface BundleBenchOptions {
  /** Rounds per bundle (each imports it and its baseline twice); the median of the rounds is reported. */
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

/** A bundle importing faster than this is measured over {@link SMALL_BUNDLE_RUNS} rounds, not 7. */
const SMALL_BUNDLE_MS = 10;
const SMALL_BUNDLE_RUNS = 25;

/** The Node flags Lambda runs every function with (`NODE_OPTIONS`, handler-function.ts). */
const NODE_FLAGS = [...lambdaNodeOptions];

/**
 * Run in each fresh process. The clock stops before anything touches `process.stdout`: its first
 * access builds the stream (about 2.5 ms here), which inside the timed span would be added to
 * both sides and pull every ratio towards 1 (`write(String(performance.now() - started))` does).
 */
const IMPORT_ONCE = `
const url = process.argv[1];
const started = performance.now();
const cpuBefore = process.cpuUsage();
const module = await import(url);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const undici = process.moduleLoadList.some((name) => /undici|http2/.test(name));
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, handler: typeof module.handler, undici }));`;

/**
 * Packages a handler cannot do without (what it is for), whatever the code around them: the
 * AWS SDK clients of the services it calls (DynamoDB, Secrets Manager, API Gateway, KMS, SQS),
 * jose (tokens, DPoP), oidc-provider and its Lambda adapter (the authorization server), qrcode
 * (VietQR images), the document it serves, and middy, the middleware engine DEVELOPERS.md makes
 * every HTTP handler's frame (a core library like the SDK: the project's choice, not a handler's).
 * Where a bundle has none of them, the ratio is against an empty handler, Node's own floor.
 */
const UNAVOIDABLE = [
  '@middy/core',
  '@aws-sdk/client-dynamodb',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/client-secrets-manager',
  '@aws-sdk/client-api-gateway',
  '@aws-sdk/client-kms',
  '@aws-sdk/client-sqs',
  'jose',
  'oidc-provider',
  'serverless-http',
  'qrcode',
  // The data a handler serves is no more avoidable than a library: GET /openapi.json's document.
  '#generated/openapi.json',
];

/** Where a generated entry (outside the project) finds a specifier the project resolves by its `imports` field. */
const resolvedSpecifier = (from: string) =>
  from.startsWith('#generated/')
    ? join(projectRoot, 'openapi/generated', from.slice('#generated/'.length))
    : from;

/** The value imports (not types) of `packages` in one source file: package → imported names (`default`, `*`, or a name). */
function valueImports(source: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  for (const [, clause, from] of source.matchAll(/import\s+(?!type\s)([\s\S]*?)\s+from\s+'([^']+)'/g)) {
    if (!UNAVOIDABLE.includes(from!)) continue;
    const names = found.get(from!) ?? new Set<string>();
    const named = /\{([\s\S]*)\}/.exec(clause!)?.[1];
    for (const part of (named ?? '').split(',')) {
      const name = part
        .trim()
        .split(/\s+as\s+/)[0]!
        .trim();
      if (name && !name.startsWith('type ')) names.add(name);
    }
    const outside = clause!
      .replace(/\{[\s\S]*\}/, '')
      .replace(/,/g, ' ')
      .trim();
    if (/^\*\s+as\s+/.test(outside)) names.add('*');
    else if (outside) names.add('default');
    if (names.size) found.set(from!, names);
  }
  return found;
}

/** A handler module importing exactly `imports`, constructing the SDK clients among them. */
function depsEntry(imports: Map<string, Set<string>>): string {
  const lines: string[] = [];
  const used: string[] = [];
  let middy: string | undefined;
  let n = 0;
  for (const [from, names] of [...imports].sort(([a], [b]) => a.localeCompare(b))) {
    for (const name of [...names].sort()) {
      const local = `d${n++}`;
      used.push(local);
      const path = resolvedSpecifier(from);
      if (name === '*') lines.push(`import * as ${local} from '${path}';`);
      else if (name === 'default') lines.push(`import ${local} from '${path}';`);
      else lines.push(`import { ${name} as ${local} } from '${path}';`);
      if (/^@aws-sdk\/client-/.test(from) && /Client$/.test(name)) lines.push(`new ${local}({});`);
      if (from === '@middy/core' && name === 'default') middy = local;
    }
  }
  const handler = `async () => [${used.join(', ')}].length`;
  // A middy handler's baseline is itself a middy handler, as ours are (functions/http/chain.ts).
  lines.push(`export const handler = ${middy ? `${middy}(${handler})` : handler};`);
  return `${lines.join('\n')}\n`;
}

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
  if (!access.signingKeys && packages.has('oidc-provider'))
    flags.add('oidc-provider (not an authorization-server route)');
  // Three secrets live in Secrets Manager: the provider's, the document and the webhook signing keys.
  const readsSecrets = access.signingKeys || access.documentKeys || access.webhookSigningKeys;
  if (!readsSecrets && packages.has('@aws-sdk/client-secrets-manager'))
    flags.add('@aws-sdk/client-secrets-manager (reads no secret)');
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

/**
 * `BENCH_BUNDLES=verify-page,handlers/oauth/authorization-server`: only these bundles (a handler's
 * path under functions/, or its last part), with their baselines; a look at a few while working on them.
 */
function selected<T extends { handler: string }>(specs: T[]): T[] {
  const names = process.env.BENCH_BUNDLES?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  if (!names?.length) return specs;
  const chosen = specs.filter((spec) =>
    names.some((name) => spec.handler === name || spec.handler.endsWith(`/${name}`)),
  );
  if (!chosen.length) throw new Error(`BENCH_BUNDLES=${process.env.BENCH_BUNDLES} names no bundle`);
  return chosen;
}

/** Bundles every handler and the empty baseline; returns where each bundle is and what it holds. */
async function bundleAll(outdir: string) {
  const specs = selected(functionSpecs(activeRoutes(true), workers));
  const emptyDir = join(outdir, 'src');
  mkdirSync(emptyDir, { recursive: true });
  const emptyEntry = join(emptyDir, 'empty-handler.ts');
  writeFileSync(emptyEntry, "export const handler = async () => ({ statusCode: 200, body: '' });\n");
  const started = performance.now();
  const options = buildOptions(outdir);
  // One build per function, as the stack builds them: each carries the routes it serves.
  const results = await Promise.all([
    ...specs.map((spec) => {
      const routes = spec.routes.length ? bundledRoutes(spec.routes) : undefined;
      return build({
        ...options,
        ...(routes && { define: routes.define, external: routes.external }),
        entryPoints: [
          { in: join(projectRoot, 'functions', `${spec.handler}.ts`), out: `${spec.handler}/index` },
        ],
      });
    }),
    build({ ...options, entryPoints: [{ in: emptyEntry, out: '(empty)/index' }] }),
  ]);
  const result = { metafile: mergedMetafile(results.map((built) => built.metafile)) };
  // Each handler's unavoidable dependencies, from the imports of its own files in the bundle.
  const depsOf = new Map<string, string>();
  const depsEntries = new Map<string, string>();
  /** Baselines importing nothing: an empty handler, with only what every bundle gets injected. */
  const emptyDeps = new Set<string>();
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('/index.mjs')) continue;
    const name = relative(outdir, join(projectRoot, file)).replace(/\/index\.mjs$/, '');
    if (name === '(empty)') continue;
    const imports = new Map<string, Set<string>>();
    for (const input of Object.keys(output.inputs)) {
      if (input.includes('node_modules/') || !/\.ts$/.test(input)) continue;
      for (const [from, names] of valueImports(readFileSync(join(projectRoot, input), 'utf8'))) {
        const all = imports.get(from) ?? new Set<string>();
        for (const importName of names) all.add(importName);
        imports.set(from, all);
      }
    }
    const source = depsEntry(imports);
    let id = depsEntries.get(source);
    if (!id) {
      id = `(deps ${depsEntries.size + 1})`;
      depsEntries.set(source, id);
      writeFileSync(join(emptyDir, `deps-${depsEntries.size}.ts`), source);
      if (!imports.size) emptyDeps.add(id);
    }
    depsOf.set(name, id);
  }
  const depsResult = await build({
    ...options,
    entryPoints: [...depsEntries.values()].map((id, i) => ({
      in: join(emptyDir, `deps-${i + 1}.ts`),
      out: `${id}/index`,
    })),
    // The generated entries live outside the project: resolve packages from its node_modules.
    nodePaths: [join(projectRoot, 'node_modules')],
  });
  const buildSeconds = (performance.now() - started) / 1000;
  const outputs = new Map<
    string,
    { file: string; bytes: number; mapBytes: number; inputs: Metafile['outputs'][string]['inputs'] }
  >();
  for (const metafile of [result.metafile, depsResult.metafile]) {
    for (const [file, output] of Object.entries(metafile.outputs)) {
      if (!file.endsWith('/index.mjs')) continue;
      const name = relative(outdir, join(projectRoot, file)).replace(/\/index\.mjs$/, '');
      const map = metafile.outputs[`${file}.map`];
      outputs.set(name, {
        file: join(projectRoot, file),
        bytes: output.bytes,
        mapBytes: map?.bytes ?? 0,
        inputs: output.inputs,
      });
    }
  }
  return { specs, outputs, buildSeconds, depsOf, emptyDeps };
}

/** The outputs of several builds as one metafile's (their inputs are not needed here). */
function mergedMetafile(metafiles: Metafile[]): Metafile {
  return { inputs: {}, outputs: Object.assign({}, ...metafiles.map((metafile) => metafile.outputs)) };
}

/** The construct's esbuild options, plus the metafile. */
function buildOptions(outdir: string) {
  return {
    metafile: true as const,
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
    alias: { ...bundleAliases },
    inject: [...bundleGlobals],
    tsconfig: join(projectRoot, 'tsconfig.json'),
    external: [],
    logLevel: 'warning',
  } satisfies BuildOptions;
}

/** Times one cold import of a bundle in a fresh Node process. */
async function coldImport(
  file: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ms: number; cpuMs: number; undici: boolean }> {
  const { stdout } = await run(
    process.execPath,
    [...NODE_FLAGS, '--input-type=module', '-e', IMPORT_ONCE, pathToFileURL(file).href],
    { env, maxBuffer: 1024 * 1024 },
  );
  const answer = JSON.parse(stdout.trim().split('\n').pop()!) as {
    ms: number;
    cpuMs: number;
    handler: string;
    undici: boolean;
  };
  if (answer.handler !== 'function') throw new Error(`${file} exports no handler function`);
  return { ms: answer.ms, cpuMs: answer.cpuMs, undici: answer.undici };
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
  const runs = options.runs ?? (quick() ? 3 : 7);
  const outdir = mkdtempSync(join(tmpdir(), 'ob-bench-bundles-'));
  try {
    const { specs, outputs, buildSeconds, depsOf, emptyDeps } = await bundleAll(outdir);
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
    // CPU time of the import too: on a busy machine the wall time mostly measures waiting for a core.
    const cpuTimes = new Map<string, number[]>(names.map((name) => [name, []]));
    const loadsUndici = new Set<string>();
    const measure = async (name: string) => {
      const { ms, cpuMs, undici } = await coldImport(outputs.get(name)!.file, env);
      times.get(name)!.push(ms);
      cpuTimes.get(name)!.push(cpuMs);
      if (undici) loadsUndici.add(name);
      return ms;
    };
    // Each round imports a bundle and its baseline back to back, in the order ours, baseline,
    // baseline, ours (the reverse in alternate rounds), one process at a time: a ratio compares
    // moments of the same machine state with neither side always first, and the rounds spread
    // what drifts over the section's minutes across all bundles. Bundles that import in a few
    // milliseconds, where a process's jitter is a large share, get more rounds (they cost little).
    const paired = new Map(
      specs.map((spec) => [
        spec.handler,
        { ours: [] as number[], deps: [] as number[], ratios: [] as number[] },
      ]),
    );
    const smallRuns = quick() ? runs : Math.max(runs, SMALL_BUNDLE_RUNS);
    /** The bundles that get the extra rounds, chosen once after the first `runs` rounds. */
    let small: Set<string> | undefined;
    for (let i = 0; i < smallRuns; i++) {
      if (i === runs)
        small = new Set(
          specs
            .filter((spec) => median(paired.get(spec.handler)!.ours) < SMALL_BUNDLE_MS)
            .map((spec) => spec.handler),
        );
      await measure('(empty)');
      for (const spec of specs) {
        const pair = paired.get(spec.handler)!;
        if (small && !small.has(spec.handler)) continue;
        const deps = depsOf.get(spec.handler)!;
        const order = i % 2 === 0 ? [true, false, false, true] : [false, true, true, false];
        let ours = 0;
        let baseline = 0;
        for (const isOurs of order) {
          const ms = await measure(isOurs ? spec.handler : deps);
          if (isOurs) ours += ms;
          else baseline += ms;
        }
        // One figure per side and round: the counts stay odd, so every median is a measured round.
        pair.ours.push(ours / 2);
        pair.deps.push(baseline / 2);
        pair.ratios.push(ours / baseline);
      }
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
      const pair = paired.get(spec.handler)!;
      const ms = median(pair.ours);
      const deps = depsOf.get(spec.handler)!;
      rows.push({
        name: `cold import: ${spec.handler}${spec.worker ? ' (worker)' : ''}`,
        value: round(ms, 1),
        unit: 'ms',
        baseline: round(median(pair.deps), 1),
        ratio: round(median(pair.ratios), 3),
        note: `${
          emptyDeps.has(deps)
            ? 'no unavoidable dependency: the baseline is an empty handler (Node’s floor)'
            : `vs its dependencies alone ${deps} (${round(outputs.get(deps)!.bytes / 1024, 0)} KB), ${round(ms / emptyMs, 2)}× an empty handler`
        }; ${round(output.bytes / 1024, 0)} KB (map ${round(output.mapBytes / 1024, 0)} KB); ${top}${
          loadsUndici.has(spec.handler) ? '; loads undici/http2 at import' : ''
        }${flags.length ? `; FLAG: ${flags.join(', ')}` : ''}`,
      });
    }
    const handlerTimes = specs.map((spec) => {
      const pair = paired.get(spec.handler)!;
      return {
        handler: spec.handler,
        ms: median(pair.ours),
        depsMs: median(pair.deps),
        ratio: median(pair.ratios),
      };
    });
    const ratios = handlerTimes.map((entry) => entry.ratio);
    const worst = [...handlerTimes].sort((a, b) => b.ratio - a.ratio)[0]!;
    const slowest = [...handlerTimes].sort((a, b) => b.ms - a.ms)[0]!;
    const provider = handlerTimes.find((entry) => entry.handler === 'handlers/oauth/authorization-server');
    const typical = median(handlerTimes.map((entry) => entry.ms));
    // Judged as printed (3 decimals), so that the count and each row's verdict agree.
    const within = ratios.filter((ratio) => round(ratio, 3) <= 1.2).length;
    rows.push(
      {
        name: `cold import vs unavoidable dependencies, median of ${specs.length} bundles`,
        value: round(median(handlerTimes.map((entry) => entry.ms)), 1),
        unit: 'ms',
        baseline: round(median(handlerTimes.map((entry) => entry.depsMs)), 1),
        ratio: round(median(ratios), 2),
        spread: [round(Math.min(...ratios), 3), round(Math.max(...ratios), 3)],
        note: `target ≤ 1.2× per bundle: ${within} of ${specs.length} within; ratio = median (min–max) of the per-bundle ratios; a bundle's ratio is the median over ${runs} rounds (${smallRuns} for bundles under ${SMALL_BUNDLE_MS} ms) of its fresh \`node${NODE_FLAGS.map((flag) => ` ${flag}`).join('')}\` imports over its baseline's, run back to back (ours, baseline, baseline, ours; reversed every other round)`,
      },
      {
        name: `cold import vs unavoidable dependencies, worst: ${worst.handler}`,
        value: round(worst.ms, 1),
        unit: 'ms',
        baseline: round(worst.depsMs, 1),
        ratio: round(worst.ratio, 3),
        target: { ratioAtMost: 1.2 },
      },
      ...(provider
        ? [
            {
              name: 'cold import: authorization server (oidc-provider), target ≤ 200 ms',
              value: round(provider.ms, 1),
              unit: 'ms',
              baseline: round(provider.depsMs, 1),
              ratio: round(provider.ratio, 3),
              target: { valueAtMost: 200 },
              note: `${provider.ms <= 200 ? 'within' : 'MISSES'} the 200 ms target on this machine; its dependencies alone take ${round(provider.depsMs, 1)} ms; CPU time of the import (what a busy machine does not inflate by waiting for a core): ours ${round(median(cpuTimes.get(provider.handler)!), 1)} ms, its dependencies alone ${round(median(cpuTimes.get(depsOf.get(provider.handler)!)!), 1)} ms`,
            },
          ]
        : []),
      {
        name: `cold import, slowest: ${slowest.handler}`,
        value: round(slowest.ms, 1),
        unit: 'ms',
        note: `median handler ${round(typical, 1)} ms; an empty handler bundled the same way (Node's own floor) ${round(emptyMs, 1)} ms; bundles loading undici/http2 at import: ${specs.filter((spec) => loadsUndici.has(spec.handler)).length}`,
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
        : 'none: nothing only devDependencies need, no oidc-provider outside the authorization server, no Secrets Manager where no secret is read, no test/lib/local code',
    });
    return rows;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
