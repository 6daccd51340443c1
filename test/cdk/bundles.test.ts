import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeRoutes } from '../../functions/routing/routes.ts';
import { workers } from '../../functions/routing/workers.ts';
import { bundleFiles } from '../../lib/bundle-files.ts';
import { OpenBankingStack } from '../../lib/open-banking-stack.ts';
import { projectRoot } from '../../lib/paths.ts';
import { functionsByHandler } from './template-helpers.ts';

const run = promisify(execFile);

// The one synth with real esbuild bundling; every other CDK test skips bundling.
describe('cdk synth with bundling', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'ob-cdk-'));
  const bundles = new Map<string, string>();
  let environments: (Record<string, string> | undefined)[] = [];

  // Bundling ~70 functions with esbuild: 84 s on a quiet machine, just over 180 s under full load.
  beforeAll(() => {
    const app = new App({
      outdir,
      builtinCloudFormationValidation: false,
      context: { 'aws:cdk:enable-asset-metadata': true },
    });
    // Sandbox mode: it holds every handler the live mode has, and the sandbox ones.
    const stack = new OpenBankingStack(app, 'OpenBankingSandbox', { sandbox: true });
    const assembly = app.synth();
    const resources = assembly.getStackByName(stack.stackName).template.Resources;
    for (const [handler, id] of functionsByHandler(resources)) {
      bundles.set(handler, join(outdir, resources[id].Metadata['aws:asset:path']));
    }
    environments = [...functionsByHandler(resources).values()].map(
      (id) => resources[id].Properties.Environment?.Variables,
    );
  }, 360_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('writes an ESM bundle with its source map for every handler', () => {
    // Prepare
    const handlers = [
      ...new Set([...activeRoutes(true).map((route) => route.handler), ...workers.map((w) => w.handler)]),
    ].sort();

    // Act
    const written = [...bundles.keys()].sort();

    // Assess
    expect(written).toEqual(handlers);
    for (const [handler, dir] of bundles) {
      expect(existsSync(join(dir, 'index.mjs')), handler).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), handler).toBe(true);
    }
  });

  it('bundles everything but Node built-ins, the AWS SDK included, and keeps a small handler small', async () => {
    // Act: esbuild parses each bundle and reports every import, require and import() left in it.
    const imported = await Promise.all(
      [...bundles].map(async ([handler, dir]) => [handler, await importsOf(join(dir, 'index.mjs'))] as const),
    );

    // Assess: nothing is left for the runtime to resolve, so the deployed SDK is the tested one.
    for (const [handler, names] of imported) {
      const external = names.filter((name) => !builtinModules.includes(name.replace(/^node:/, '')));
      expect(external, handler).toEqual([]);
    }
    expect(statSync(join(bundles.get('handlers/system/health')!, 'index.mjs')).size).toBeLessThan(
      1024 * 1024,
    );
  });

  it('copies each extra file beside the bundle of the handler that reads it', () => {
    for (const [handler, files] of Object.entries(bundleFiles)) {
      for (const file of files) {
        // Prepare
        const copied = join(bundles.get(handler)!, file.to);

        // Act
        const size = statSync(copied).size;

        // Assess
        expect(size, `${handler}: ${file.to}`).toBe(statSync(join(projectRoot, file.from)).size);
      }
    }
  });

  it('loads every bundle as an ES module in a fresh Node 22, exporting its handler', async () => {
    // Prepare
    const files = [...bundles.values()].map((dir) => join(dir, 'index.mjs'));

    // Act: cold-start code runs here, so a missing shim or file fails now, not in Lambda.
    const loaded = await inFreshNode(LOAD_ALL, files);

    // Assess
    expect(loaded).toEqual(Object.fromEntries(files.map((file) => [file, 'function'])));
  });

  it("names the TypeScript source in a bundle's stack, read lazily: no function runs with --enable-source-maps", async () => {
    // Prepare: without its table's name, the health bundle throws while it loads.
    const file = join(bundles.get('handlers/system/health')!, 'index.mjs');

    // Act
    const stack = await inFreshNode(STACK_AT_IMPORT, [file]);

    // Assess
    expect(stack).toMatch(/^Error: TABLE_NAME is not set\n/);
    expect(stack).toContain(`(${join(projectRoot, 'functions/store/client.ts')}:`);
    expect(environments.length).toBe(bundles.size);
    for (const variables of environments) expect(variables?.NODE_OPTIONS ?? '').not.toContain('source-maps');
  });

  it('runs as bundled: the health handler answers from the real table engine', async () => {
    // Prepare
    const file = join(bundles.get('handlers/system/health')!, 'index.mjs');

    // Act
    const result = (await inFreshNode(INVOKE, [file, JSON.stringify(proxyEvent('GET', '/v1/health'))])) as {
      statusCode: number;
      body: string;
    };

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).Data).toMatchObject({ Status: 'Healthy', Storage: 'Available' });
  });

  it('carries only the routes its function serves: each answered, another function’s refused, the table left out', async () => {
    // Prepare: the docs function serves the page and Redoc's script.
    const file = join(bundles.get('handlers/system/docs-page')!, 'index.mjs');
    const invoke = async (path: string) =>
      (await inFreshNode(INVOKE_SUMMARY, [file, JSON.stringify(proxyEvent('GET', path))])) as {
        statusCode: number;
        headers: Record<string, string>;
        bodyBytes: number;
        errorCode?: string;
      };

    // Act
    const [page, script, banks] = await Promise.all([
      invoke('/docs'),
      invoke('/docs/redoc.standalone.js'),
      invoke('/v1/banks'),
    ]);
    const source = readFileSync(file, 'utf8');

    // Assess
    expect(page).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' } });
    expect(script).toMatchObject({
      statusCode: 200,
      headers: { 'content-type': 'application/javascript; charset=utf-8' },
    });
    expect(script.bodyBytes).toBeGreaterThan(100_000);
    expect(banks).toMatchObject({ statusCode: 404, errorCode: 'VN.OB.Route.NotFound' });
    // The table (other functions' paths, every handler's module name) is not in the bundle.
    expect(source).toContain('/docs/redoc.standalone.js');
    for (const absent of ['/v1/aisp/accounts', '/v1/webhook-endpoints', 'handlers/system/list-banks']) {
      expect(source).not.toContain(absent);
    }
  });
});

// Scripts for a fresh Node process, as Lambda runs a bundle: vitest's own module loader
// would transform megabyte bundles first, slowly, and is not what runs in production.
const LOAD_ALL = `
const loaded = {};
for (const file of process.argv.slice(1)) {
  try { loaded[file] = typeof (await import(pathToFileURL(file).href)).handler; }
  catch (error) { loaded[file] = String(error); }
}
answer(loaded);`;
const STACK_AT_IMPORT = `
delete process.env.TABLE_NAME;
try { await import(pathToFileURL(process.argv[1]).href); answer('loaded'); }
catch (error) { answer(error.stack); }`;
const INVOKE = `
const { handler } = await import(pathToFileURL(process.argv[1]).href);
answer(await handler(JSON.parse(process.argv[2]), { awsRequestId: 'c6af9ac6', getRemainingTimeInMillis: () => 10000 }));`;

// An answer too large to print whole (Redoc's script): its status, headers, size, error code.
const INVOKE_SUMMARY = `
const { handler } = await import(pathToFileURL(process.argv[1]).href);
const { statusCode, headers, body } = await handler(JSON.parse(process.argv[2]), { awsRequestId: 'c6af9ac6', getRemainingTimeInMillis: () => 10000 });
const errorCode = statusCode >= 400 ? JSON.parse(body).Errors[0].ErrorCode : undefined;
answer({ statusCode, headers, bodyBytes: Buffer.byteLength(body), errorCode });`;

/** Runs a script in a new Node process (this one's binary and environment) and returns what it answers. */
async function inFreshNode(script: string, args: string[]): Promise<unknown> {
  const prelude = `import { pathToFileURL } from 'node:url';
const answer = (value) => { process.stdout.write('\\n@@answer ' + JSON.stringify(value) + '\\n'); process.exit(0); };`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', prelude + script, ...args], {
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.split('\n').find((text) => text.startsWith('@@answer '));
  if (!line) throw new Error(`no answer from the bundle; output: ${stdout.slice(0, 2000)}`);
  return JSON.parse(line.slice('@@answer '.length));
}

/** Every module specifier a built file still imports, found by esbuild's parser rather than a regex. */
async function importsOf(file: string): Promise<string[]> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    external: ['*'],
    logLevel: 'silent',
  });
  return Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.map((entry) => entry.path),
  );
}

/** A REST API (payload v1) proxy event as API Gateway sends it. */
function proxyEvent(method: string, path: string): APIGatewayProxyEvent {
  const host = 'abc123.execute-api.ap-southeast-1.amazonaws.com';
  return {
    resource: path,
    path,
    httpMethod: method,
    headers: { Host: host, accept: 'application/json' },
    multiValueHeaders: { Host: [host], accept: ['application/json'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: null,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: method,
      identity: {
        sourceIp: '203.0.113.9',
        userAgent: 'vitest',
      } as APIGatewayProxyEvent['requestContext']['identity'],
      path: `/sandbox${path}`,
      stage: 'sandbox',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTimeEpoch: Date.now(),
      resourceId: 'abc',
      resourcePath: path,
      domainName: host,
    },
  };
}
