import { execSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type RunningPlatform, startPlatform } from './platform.ts';

/** The README's quickstart section: its shell block and its TypeScript block, as written. */
function quickstart(): { commands: string[]; code: string } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Quickstart'));
  if (!section) throw new Error('README.md has no "## Quickstart" section');
  const blocks = [...section.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map(([, lang, body]) => ({
    lang: lang!,
    body: body!,
  }));
  const shell = blocks.find((block) => block.lang === 'sh');
  const code = blocks.find((block) => block.lang === 'ts');
  if (!shell || !code) throw new Error('the quickstart needs one ```sh and one ```ts block');
  return { commands: shell.body.split('\n').filter((line) => line.trim()), code: code.body };
}

let platform: RunningPlatform;
let dir: string;

describe("the README's quickstart, run verbatim", () => {
  beforeAll(async () => {
    platform = await startPlatform();
    // A folder standing in for the clone: the repository's node_modules, the platform's .data.
    dir = mkdtempSync(join(ROOT, '.quickstart-'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    symlinkSync(platform.dataDir, join(dir, '.data'));
  }, 300_000);
  afterAll(async () => {
    await platform?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('takes at most 5 commands and about 10 lines of code', () => {
    const { commands, code } = quickstart();
    expect(commands.length).toBeLessThanOrEqual(5);
    const statements = code.split('\n').filter((line) => line.trim() && !line.startsWith('import '));
    expect(statements.length).toBeLessThanOrEqual(10);
  });

  it('reads an.nguyen’s accounts and makes a first payment', () => {
    // Prepare: the TypeScript block saved as the file the last command runs.
    const { commands, code } = quickstart();
    const last = commands.at(-1)!;
    const file = /\s(\S+\.ts)\b/.exec(last.split('#')[0]!)![1]!;
    writeFileSync(join(dir, file), code);

    // Act: the last command exactly as written (the others are clone, install and `npm start`).
    const output = execSync(last, {
      cwd: dir,
      env: {
        ...process.env,
        OB_BASE_URL: platform.url,
        PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}`,
      },
      encoding: 'utf8',
      timeout: 120_000,
    });

    // Assess
    expect(output).toMatch(/AccountId/);
    expect(output).toMatch(/^Accepted\w+$/m);
  }, 180_000);
});
