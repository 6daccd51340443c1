import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoOidcAdapter } from '../functions/store/oidc-adapter.ts';
import { registerClient } from './register-client.ts';

interface DemoClient {
  file: string;
  name: string;
  scope: string;
  redirectUris: string[];
}

/** Two fintechs, one city partner and one ATM operator, registered through the real registration endpoint. */
const demoClients: DemoClient[] = [
  {
    file: 'vi-xanh',
    name: 'Ví Xanh',
    scope: 'openid offline_access accounts payments',
    redirectUris: ['http://127.0.0.1:8080/callback'],
  },
  {
    file: 'tiet-kiem-nhanh',
    name: 'Tiết Kiệm Nhanh',
    scope: 'openid offline_access accounts',
    redirectUris: ['http://127.0.0.1:8081/callback'],
  },
  {
    file: 'cong-dich-vu-cong-da-nang',
    name: 'Cổng Dịch vụ công Đà Nẵng',
    scope: 'bills',
    // The https one is a registered ReturnUrl for trying the bank-hosted checkout (it must be https).
    redirectUris: ['http://127.0.0.1:8082/callback', 'https://dichvucong.example/return'],
  },
  {
    file: 'atm-hoan-kiem',
    name: 'ATM Hoàn Kiếm',
    scope: 'cash',
    redirectUris: ['http://127.0.0.1:8083/callback'],
  },
];

/**
 * Registers the demo clients on first start (keys under `DATA_DIR/clients/`) and returns
 * the lines to print. A client already registered in this data directory is reused.
 */
export async function prepareDemoClients(options: {
  baseUrl: string;
  dataDir: string;
  initialAccessToken: string;
}) {
  const dir = join(options.dataDir, 'clients');
  mkdirSync(dir, { recursive: true });
  const clients = new DynamoOidcAdapter('Client');
  const lines: string[] = [];
  for (const demo of demoClients) {
    const file = join(dir, `${demo.file}.json`);
    let saved = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as { clientId: string })
      : undefined;
    if (!saved || !(await clients.find(saved.clientId))) {
      const registration = await registerClient({
        baseUrl: options.baseUrl,
        initialAccessToken: options.initialAccessToken,
        ...demo,
      });
      saved = { clientId: registration.clientId };
      writeFileSync(
        file,
        JSON.stringify(
          {
            ...saved,
            scope: demo.scope,
            redirectUris: demo.redirectUris,
            privateJwk: registration.privateJwk,
          },
          null,
          2,
        ),
        { mode: 0o600 },
      );
    }
    lines.push(`client ${demo.name}: client_id=${saved.clientId} scope="${demo.scope}" private key: ${file}`);
  }
  return lines;
}
