import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type RunningPlatform, startPlatform } from './platform.ts';

const BIN = join(ROOT, 'node_modules', '.bin');
let platform: RunningPlatform;
let project: string;

/** Runs a command with the repository's Node 22 first on the PATH. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      env: { ...process.env, PATH: `${BIN}:${process.env.PATH}`, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 240_000,
    });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
}

describe('the SDK as a partner installs it: npm pack, install outside the repository, tsc --strict, run', () => {
  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'ob-sdk-user-'));
    const [started] = await Promise.all([
      startPlatform(),
      (async () => {
        run('npm', ['pack', '-w', 'sdk', '--pack-destination', project, '--silent'], ROOT);
        const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'))!;
        writeFileSync(
          join(project, 'package.json'),
          JSON.stringify({
            name: 'partner-app',
            private: true,
            type: 'module',
            dependencies: { '@vn-open-banking/sdk': `file:./${tarball}` },
          }),
        );
        run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
      })(),
    ]);
    platform = started;
    cpSync(join(ROOT, 'examples'), join(project, 'examples'), { recursive: true });
    symlinkSync(platform.dataDir, join(project, '.data'));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2023',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          allowImportingTsExtensions: true,
          noEmit: true,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules', '@types')],
        },
        include: ['examples'],
      }),
    );
  }, 600_000);
  afterAll(async () => {
    await platform?.stop();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('installs with its own types and compiled code, nothing from the repository', () => {
    const files = readdirSync(join(project, 'node_modules', '@vn-open-banking', 'sdk', 'dist'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'index.d.ts', 'generated', 'cli']));
    expect(readdirSync(join(project, 'node_modules', '@vn-open-banking', 'sdk'))).not.toContain('src');
  });

  it('type-checks every example under tsc --strict', () => {
    expect(run(join(BIN, 'tsc'), ['-p', 'tsconfig.json'], project)).toBe('');
  }, 240_000);

  it.each([
    ['fintech', /^payment \S+: Accepted/m],
    ['terminal', /^withdrawal \S+: Completed$/m],
    ['quickstart', /^Accepted\w+$/m],
    // The paid bill's verified webhook, then its payment row in the day's CSV.
    ['city-portal', /^bill (\S+): Paid \(webhook verified\)$[\s\S]*^[^,\n]+,Payment,\1,/m],
  ])(
    'runs examples/%s.ts against the local platform',
    (name, expected) => {
      const output = run(join(BIN, 'tsx'), [`examples/${name}.ts`], project, { OB_BASE_URL: platform.url });
      expect(output).toMatch(expected);
    },
    240_000,
  );

  it('runs the packed CLI: ob token prints a DPoP access token', () => {
    const output = run(
      join(project, 'node_modules', '.bin', 'ob'),
      ['token', '--scope', 'accounts'],
      project,
      {
        OB_BASE_URL: platform.url,
      },
    );
    expect(JSON.parse(output)).toMatchObject({
      token_type: 'DPoP',
      access_token: expect.stringMatching(/^ey/),
    });
  }, 120_000);
});
