import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, type RunningPlatform, startPlatform } from './platform.ts';

const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const OB = join(ROOT, 'sdk', 'src', 'cli', 'ob.ts');
let platform: RunningPlatform;

/** Runs `ob …` as a child process, as a developer would, and returns its exit code and output. */
async function ob(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [OB, ...args], {
      cwd: platform.dataDir,
      env: {
        ...process.env,
        OB_BASE_URL: platform.url,
        OB_CLIENT: join(platform.dataDir, 'clients', 'vi-xanh.json'),
      },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('the ob CLI, each command as a child process against npm start', () => {
  beforeAll(async () => {
    platform = await startPlatform();
  }, 300_000);
  afterAll(() => platform?.stop());

  it('ob clients register writes a client file that ob token then uses', async () => {
    const out = join(platform.dataDir, 'mine.json');
    const registered = await ob(
      'clients',
      'register',
      '--name',
      'Ví Đỏ',
      '--redirect-uri',
      'http://127.0.0.1:9000/cb',
      '--out',
      out,
    );
    expect(registered).toMatchObject({ code: 0 });
    expect(registered.stdout).toMatch(/^client_id \S+/);
    const token = await ob('token', '--client', out, '--scope', 'accounts');
    expect(token.code).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ token_type: 'DPoP', scope: 'accounts' });
  });

  it('ob token --customer an.nguyen prints a customer token with a refresh token behind it', async () => {
    const result = await ob('token', '--customer', 'an.nguyen');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      token_type: 'DPoP',
      access_token: expect.stringMatching(/^ey/),
    });
  });

  it('ob call GET /v1/aisp/accounts --customer an.nguyen prints the accounts as JSON', async () => {
    const result = await ob('call', 'GET', '/v1/aisp/accounts', '--customer', 'an.nguyen');
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.Data.Account.length).toBeGreaterThan(0);
  });

  it('ob bills create issues a bill for the city portal and prints it as JSON', async () => {
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const result = await ob(
      'bills',
      'create',
      '--client',
      join(platform.dataDir, 'clients', 'cong-dich-vu-cong-da-nang.json'),
      '--category',
      'traffic-fine',
      '--reference',
      'CLI-0001',
      '--payer-name',
      'Nguyễn Văn An',
      '--amount',
      '1500000',
      '--due-date',
      due,
      '--description',
      'Phạt vi phạm giao thông',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).Data).toMatchObject({ Reference: 'CLI-0001', Amount: '1500000' });
  });

  it('prints the envelope code, message and interaction id and exits 1 when the platform refuses', async () => {
    const result = await ob(
      'call',
      'GET',
      '/v1/aisp/account-access-consents/{ConsentId}',
      '--path',
      'ConsentId=aac-nope',
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/404 UK\.OBIE\.Resource\.NotFound/);
    expect(result.stderr).toMatch(/interaction id: [0-9a-f-]{36}/);
  });

  it('refuses unknown flags and commands with the usage text and exit code 2', async () => {
    const flag = await ob('token', '--colour', 'blue');
    const command = await ob('frobnicate');
    for (const result of [flag, command]) {
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('usage: ob <command>');
    }
    expect(flag.stderr).toMatch(/--colour/);
  });
});
