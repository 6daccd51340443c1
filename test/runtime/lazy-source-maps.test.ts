import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleAliases, bundleGlobals, lambdaNodeOptions } from '../../lib/bundle-aliases.ts';
import { projectRoot } from '../../lib/paths.ts';

const run = promisify(execFile);
const fixture = join(projectRoot, 'test/runtime/fixtures/throwing-handler.ts');
const outdir = mkdtempSync(join(tmpdir(), 'ob-source-maps-'));
const bundle = join(outdir, 'index.mjs');

// Imports the bundle, optionally removes its map, then reads the stacks of two errors.
const STACKS = `
import { renameSync } from 'node:fs';
const [file, removeMap] = process.argv.slice(1);
const { handler, nodeError } = await import(new URL('file://' + file).href);
if (removeMap === 'yes') renameSync(file + '.map', file + '.map.away');
const stackOf = async (fn) => { try { await fn(); } catch (error) { return error.stack; } };
const own = await stackOf(() => handler({ amount: 'ten' }));
const node = await stackOf(nodeError);
if (removeMap === 'yes') renameSync(file + '.map.away', file + '.map');
process.stdout.write(JSON.stringify({ own, node }));`;

/** The stacks in a fresh Node run as Lambda runs it (its flags, no --enable-source-maps). */
async function stacks(removeMapAfterImport: boolean): Promise<{ own: string; node: string }> {
  const { stdout } = await run(process.execPath, [
    ...lambdaNodeOptions,
    '--input-type=module',
    '-e',
    STACKS,
    bundle,
    removeMapAfterImport ? 'yes' : 'no',
  ]);
  return JSON.parse(stdout);
}

/** 1-based line of the first line of the fixture containing `text`. */
const lineOf = (text: string) =>
  readFileSync(fixture, 'utf8')
    .split('\n')
    .findIndex((line) => line.includes(text)) + 1;

describe('lazily source-mapped stacks (functions/runtime/builtins/lazy-source-maps.ts)', () => {
  beforeAll(async () => {
    // Bundled as lib/constructs/handler-function.ts bundles a Lambda: minified, map without sources.
    await build({
      entryPoints: [fixture],
      outfile: bundle,
      absWorkingDir: projectRoot,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      minify: true,
      sourcemap: true,
      sourcesContent: false,
      alias: { ...bundleAliases },
      inject: [...bundleGlobals],
      logLevel: 'silent',
    });
  }, 60_000);

  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  it('names the TypeScript source lines and functions, as --enable-source-maps would', async () => {
    // Act
    const { own } = await stacks(false);

    // Assess
    const frames = own.split('\n');
    expect(frames[0]).toBe('RangeError: not an amount: ten');
    expect(frames[1]).toBe(`    at parseAmount (${fixture}:${lineOf('throw new RangeError')}:44)`);
    // The caller is outside the bundle, so the handler keeps its minified name, as with Node's flag.
    expect(frames[2]).toMatch(
      new RegExp(`^ {4}at \\S+ \\(${fixture}:${lineOf('return parseAmount')}:\\d+\\)$`),
    );
    expect(own).not.toContain(pathToFileURL(bundle).href);
  });

  it("keeps Node's own formatting of the header (a Node error's code) and of frames outside the bundle", async () => {
    // Act
    const { node } = await stacks(false);

    // Assess
    const frames = node.split('\n');
    expect(frames[0]).toMatch(/^RangeError \[ERR_OUT_OF_RANGE\]: /);
    expect(frames.some((frame) => frame.includes('node:buffer'))).toBe(true);
    expect(frames.some((frame) => frame.includes(`${fixture}:${lineOf('Buffer.alloc(-1)')}:`))).toBe(true);
  });

  it('reads the map when a stack is first formatted, not at import', async () => {
    // Act: the map is gone by the time the stack is formatted.
    const { own } = await stacks(true);

    // Assess: so the frames stay the bundle's own.
    expect(own.split('\n')[1]).toMatch(
      new RegExp(`^ {4}at \\S+ \\(${pathToFileURL(bundle).href}:\\d+:\\d+\\)$`),
    );
  });
});
