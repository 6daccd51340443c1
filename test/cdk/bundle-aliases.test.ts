import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { activeRoutes } from '../../functions/routing/routes.ts';
import { bundleAliases, bundledRoutes, bundleGlobals } from '../../lib/bundle-aliases.ts';
import { projectRoot } from '../../lib/paths.ts';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

// What koa, accepts and type-is ask of mime-types for oidc-provider: `ctx.type = 'html'`, a JSON
// or string or Buffer body, the JWT and JWK set types it sets, `accepts('json', 'html')`, form posts.
const PROBE = `
import mimeTypes from 'mime-types';
import accepts from 'accepts';
import typeis from 'type-is';
const request = (accept) => ({ headers: { accept } });
const answers = {
  lookups: ['html', 'json', 'text', 'txt', 'bin', 'js', 'css', 'htm'].map((ext) => [ext, mimeTypes.lookup(ext), mimeTypes.contentType(ext)]),
  types: ['application/json', 'application/jwt', 'application/token-introspection+jwt', 'application/jwk-set+json', 'text/html', 'text/plain', 'application/octet-stream', 'application/x-www-form-urlencoded'].map((type) => [type, mimeTypes.contentType(type), mimeTypes.charset(type)]),
  accepts: ['application/json', 'text/html', 'application/jwt', '*/*', 'text/html,application/xhtml+xml,application/xml;q=0.9'].map((accept) => [accept, accepts(request(accept)).type(['json', 'html']), accepts(request(accept)).type(['json', 'application/jwt'])]),
  typeis: ['application/x-www-form-urlencoded; charset=utf-8', 'application/json', 'text/plain'].map((type) => [type, typeis.is(type, ['application/x-www-form-urlencoded']), typeis.is(type, ['urlencoded', 'json'])]),
};
process.stdout.write(JSON.stringify(answers));`;

const outdir = mkdtempSync(join(tmpdir(), 'ob-aliases-'));

/** The probe bundled as the Lambdas are (with `alias`) or with every package as installed, run in a fresh Node. */
async function probeAnswers(alias: Record<string, string>): Promise<unknown> {
  const outfile = join(outdir, `probe-${Object.keys(alias).length}.mjs`);
  await build({
    stdin: { contents: PROBE, resolveDir: projectRoot, loader: 'js' },
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    alias,
    outfile,
    logLevel: 'silent',
  });
  const { stdout } = await run(process.execPath, [outfile]);
  return JSON.parse(stdout);
}

describe('bundle aliases (lib/bundle-aliases.ts): lighter cold starts, the same answers', () => {
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('mime-types, accepts and type-is answer with the trimmed mime-db exactly as with the whole database', async () => {
    // Act
    const [trimmed, whole] = await Promise.all([probeAnswers({ ...bundleAliases }), probeAnswers({})]);

    // Assess
    expect(trimmed).toEqual(whole);
    expect((whole as { lookups: string[][] }).lookups[0]).toEqual([
      'html',
      'text/html',
      'text/html; charset=utf-8',
    ]);
  });

  it('keeps each trimmed entry as mime-db has it', () => {
    // Prepare
    const trimmed = require('../../functions/runtime/builtins/mime-db.cjs') as Record<string, unknown>;
    const database = JSON.parse(readFileSync(join(projectRoot, 'node_modules/mime-db/db.json'), 'utf8'));

    // Assess
    for (const [type, entry] of Object.entries(trimmed)) expect(entry, type).toEqual(database[type]);
  });

  it('builds the authorization server without debug, supports-color or the whole mime-db', async () => {
    // Act
    const result = await build({
      entryPoints: [join(projectRoot, 'functions/handlers/oauth/authorization-server.ts')],
      absWorkingDir: projectRoot,
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      mainFields: ['module', 'main'],
      outdir,
      alias: { ...bundleAliases },
      tsconfig: join(projectRoot, 'tsconfig.json'),
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);

    // Assess
    expect(inputs.filter((input) => /node_modules\/(debug|supports-color|mime-db)\//.test(input))).toEqual(
      [],
    );
    expect(inputs).toContain('functions/runtime/builtins/mime-db.cjs');
    expect(inputs).toContain('node_modules/oidc-provider/lib/shared/error_handler.js');
  }, 60_000);
});

describe('the routes a bundle serves (bundledRoutes): only the body parsing they use', () => {
  /** The minified bundle of a route table handler, built with its served routes as the stack builds it. */
  async function bundleOf(handler: string): Promise<string> {
    const routes = activeRoutes(true).filter((route) => route.handler === handler);
    const { define, external } = bundledRoutes(routes);
    const result = await build({
      entryPoints: [join(projectRoot, 'functions', `${handler}.ts`)],
      absWorkingDir: projectRoot,
      bundle: true,
      write: false,
      minify: true,
      platform: 'node',
      format: 'esm',
      mainFields: ['module', 'main'],
      alias: { ...bundleAliases },
      define,
      external,
      tsconfig: join(projectRoot, 'tsconfig.json'),
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  }

  it('leaves the JSON parser out of a bundle none of whose routes takes JSON, and keeps it where one does', async () => {
    // Act
    const [page, approvals] = await Promise.all([
      bundleOf('handlers/receipts/verify-page'),
      bundleOf('handlers/sandbox/approve-cash'),
    ]);

    // Assess
    expect(page).toContain('VN.OB.Request.UnexpectedBody');
    expect(page).not.toContain('VN.OB.Request.TooDeep');
    expect(approvals).toContain('VN.OB.Request.TooDeep');
    expect(approvals).toContain('surrogate pair');
  }, 60_000);
});

describe('the debug stand-in', () => {
  const createDebug = require('../../functions/runtime/builtins/debug.cjs') as (namespace: string) => {
    (...args: unknown[]): void;
    enabled: boolean;
    extend(suffix: string): { enabled: boolean; namespace: string };
  };
  const saved = process.env.DEBUG;
  afterEach(() => {
    if (saved === undefined) delete process.env.DEBUG;
    else process.env.DEBUG = saved;
    vi.restoreAllMocks();
  });

  it('writes a namespace DEBUG names, formatted, to stderr, and nothing for the others', () => {
    // Prepare
    process.env.DEBUG = 'oidc-provider:*,-oidc-provider:server_error:trace';
    const written = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // Act
    const error = createDebug('oidc-provider:error');
    const trace = createDebug('oidc-provider:server_error:trace');
    const other = createDebug('koa:application');
    error('%s refused: %o', 'token', { code: 'invalid_grant' });
    trace('not shown');
    other('not shown');

    // Assess
    expect([error.enabled, trace.enabled, other.enabled]).toEqual([true, false, false]);
    expect(written.mock.calls.map(([text]) => text)).toEqual([
      "oidc-provider:error token refused: { code: 'invalid_grant' }\n",
    ]);
    const detail = error.extend('detail');
    expect([detail.namespace, detail.enabled]).toEqual(['oidc-provider:error:detail', true]);
  });

  it('is silent without DEBUG', () => {
    // Prepare
    delete process.env.DEBUG;
    const written = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);

    // Act
    createDebug('oidc-provider:error')('hidden');

    // Assess
    expect(written).not.toHaveBeenCalled();
  });
});

describe('the lazy Intl.ListFormat (functions/runtime/builtins/lazy-list-format.ts, injected)', () => {
  // oidc-provider's formatters build their two list formats at import; count real constructions.
  const RUN = `
const Real = Intl.ListFormat;
let made = 0;
Intl.ListFormat = class extends Real { constructor(...args) { super(...args); made++; } };
const { formatList } = await import(process.argv[1]);
const atImport = made;
const lists = [formatList(['a', 'b', 'c']), formatList(['a', 'b'], { type: 'disjunction' }), formatList(['a'])];
process.stdout.write(JSON.stringify({ atImport, made, lists }));`;

  /** oidc-provider's formatters bundled with the Lambdas' aliases, with or without the injected globals. */
  async function formatters(inject: readonly string[]) {
    const outfile = join(outdir, `formatters-${inject.length}.mjs`);
    await build({
      entryPoints: [join(projectRoot, 'node_modules/oidc-provider/lib/helpers/formatters.js')],
      absWorkingDir: projectRoot,
      bundle: true,
      platform: 'node',
      format: 'esm',
      minify: true,
      alias: { ...bundleAliases },
      inject: [...inject],
      outfile,
      logLevel: 'silent',
    });
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', RUN, outfile]);
    return JSON.parse(stdout) as { atImport: number; made: number; lists: string[] };
  }

  it('builds no list format at import, and formats as Intl.ListFormat does once used', async () => {
    // Act
    const [lazy, eager] = await Promise.all([formatters(bundleGlobals), formatters([])]);

    // Assess
    expect(eager.atImport).toBe(2);
    expect(lazy.atImport).toBe(0);
    expect(lazy.made).toBe(2);
    expect(lazy.lists).toEqual(eager.lists);
    expect(lazy.lists).toEqual(["'a', 'b', and 'c'", "'a' or 'b'", "'a'"]);
  }, 60_000);
});
