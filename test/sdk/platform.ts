import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface RunningPlatform {
  url: string;
  /** The data directory: demo clients are under `clients/`. */
  dataDir: string;
  banner: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The local platform exactly as `npm start` runs it (its own DynamoDB Local, in memory; seeded
 * sandbox; demo clients), on a free port with a throw-away data directory.
 */
export async function startPlatform(): Promise<RunningPlatform> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ob-platform-'));
  const child: ChildProcess = spawn(TSX, ['scripts/start.ts', '--in-memory'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let banner = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
      if (banner.includes('docs: ')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${errors.slice(-2000)}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    banner,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
