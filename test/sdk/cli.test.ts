import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenBankingClient, unwrap, verifyWebhook } from '../../sdk/src/index.ts';
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

  it('ob clients register writes a client file that ob token and a customer call then use, as registered by default', async () => {
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
    const token = await ob('token', '--client', out);
    expect(token.code).toBe(0);
    expect(JSON.parse(token.stdout)).toMatchObject({ token_type: 'DPoP', scope: 'accounts payments' });
    const accounts = await ob('call', 'GET', '/v1/aisp/accounts', '--customer', 'an.nguyen', '--client', out);
    expect(accounts.stderr).toBe('');
    expect(JSON.parse(accounts.stdout).Data.Account.length).toBeGreaterThan(0);
  });

  it("prints the authorization server's error and description and exits 1 when it refuses", async () => {
    const refused = await ob(
      'clients',
      'register',
      '--name',
      'Vietin Pay',
      '--redirect-uri',
      'http://127.0.0.1:9000/cb',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ob: 400 invalid_client_metadata: client_name: 'Vietin Pay' imitates/);
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

  it('ob webhooks listen registers an endpoint, prints each delivery with its signature checked, forwards it, and deletes the endpoint', async () => {
    // Prepare: the developer's app on loopback, which the CLI forwards to; the city portal's client.
    const forwarded: { headers: IncomingHttpHeaders; body: string }[] = [];
    const app = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      forwarded.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(200).end();
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    const appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}/hook`;
    const clientPath = join(platform.dataDir, 'clients', 'cong-dich-vu-cong-da-nang.json');
    const saved = JSON.parse(readFileSync(clientPath, 'utf8'));
    const portal = createOpenBankingClient({
      baseUrl: platform.url,
      clientId: saved.clientId,
      privateKey: saved.privateJwk,
      scope: saved.scope,
    });

    // Act: the CLI as a child process; once it says where it listens, a forged delivery, then
    // a sandbox test event and a bill paid by QR (delivered by npm start's webhook pipeline).
    const child = spawn(TSX, [OB, 'webhooks', 'listen', '--forward', appUrl, '--max-events', '2'], {
      cwd: platform.dataDir,
      env: { ...process.env, OB_BASE_URL: platform.url, OB_CLIENT: clientPath },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const listening = await new Promise<RegExpExecArray>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const line = /listening on (http:\S+) as endpoint (\S+) \(secret (whsec_\S+)\)/.exec(stderr);
        if (line) resolve(line);
      });
      void exited.then((code) => reject(new Error(`ob exited with ${code} before listening: ${stderr}`)));
    });
    const [, cliUrl, endpointId, secret] = listening as unknown as [string, string, string, string];
    const forged = await fetch(cliUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': 'msg_forged',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,bm90IHRoZSByaWdodCBzaWduYXR1cmU=',
      },
      body: JSON.stringify({ type: 'bill.paid', timestamp: new Date().toISOString(), data: {} }),
    });
    unwrap(
      await portal.POST('/sandbox/webhook-endpoints/{WebhookEndpointId}/test', {
        params: { path: { WebhookEndpointId: endpointId } },
      }),
    );
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const bill = unwrap(
      await portal.POST('/v1/bills', {
        body: {
          Data: {
            Category: 'hospital-fee',
            Reference: `CLI-LISTEN-${Date.now()}`,
            PayerName: 'Nguyễn Văn An',
            Amount: '120000',
            DueDate: due,
            Description: 'Viện phí',
          },
        },
      }),
    ).Data;
    const an = unwrap(await portal.GET('/sandbox/customers')).Data.find((c) => c.Username === 'an.nguyen')!;
    unwrap(
      await portal.POST('/sandbox/qr-payments', {
        body: {
          Data: {
            Payload: bill.Qr!.Payload,
            Username: 'an.nguyen',
            Password: 'sandbox',
            AccountId: an.Accounts[0]!.AccountId,
          },
        },
      }),
    );
    const code = await exited;
    app.close();

    // Assess: the forgery refused and not counted; both events printed, forwarded intact, checkable.
    expect(forged.status).toBe(400);
    expect(stderr).toMatch(/refused a delivery with a bad signature/);
    expect(code).toBe(0);
    const printed = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; type: string; data: Record<string, unknown> });
    expect(printed.map((event) => event.type).sort()).toEqual(['bill.paid', 'webhook_endpoint.test']);
    expect(printed.find((event) => event.type === 'bill.paid')!.data).toMatchObject({
      BillId: bill.BillId,
      Status: 'Paid',
    });
    expect(forwarded.map((delivery) => delivery.headers['webhook-id']).sort()).toEqual(
      printed.map((event) => event.id).sort(),
    );
    for (const delivery of forwarded) {
      expect(verifyWebhook(delivery.body, delivery.headers, secret).type).toMatch(
        /bill\.paid|webhook_endpoint\.test/,
      );
    }
    const gone = await portal.GET('/v1/webhook-endpoints/{WebhookEndpointId}', {
      params: { path: { WebhookEndpointId: endpointId } },
    });
    expect(gone.response.status).toBe(404);
  }, 180_000);
});
