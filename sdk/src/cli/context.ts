import { readFileSync } from 'node:fs';
import { createOpenBankingClient, type OpenBankingClient } from '../client.ts';

/** Flags every command takes. */
export const COMMON_FLAGS = {
  'base-url': { type: 'string' },
  client: { type: 'string' },
} as const;

export function baseUrlOf(values: { 'base-url'?: string | undefined }): string {
  return values['base-url'] ?? process.env.OB_BASE_URL ?? 'http://127.0.0.1:3000';
}

interface ClientFile {
  clientId: string;
  scope?: string;
  privateJwk: Record<string, unknown>;
  redirectUris?: string[];
}

/** The client named by `--client` (or `OB_CLIENT`, or the sandbox's Ví Xanh), as an SDK client. */
export function clientFrom(values: {
  'base-url'?: string | undefined;
  client?: string | undefined;
}): OpenBankingClient {
  const saved = clientFileOf(values);
  return createOpenBankingClient({
    baseUrl: baseUrlOf(values),
    clientId: saved.clientId,
    privateKey: saved.privateJwk,
    ...(saved.scope ? { scope: saved.scope } : {}),
    redirectUri: saved.redirectUris?.[0] ?? 'http://127.0.0.1:8080/callback',
  });
}

/** The saved client (`--client`, `OB_CLIENT`, or the demo fintech `npm start` saves). */
function clientFileOf(values: { client?: string | undefined }): ClientFile {
  const file = values.client ?? process.env.OB_CLIENT ?? '.data/clients/vi-xanh.json';
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClientFile;
  } catch (error) {
    throw new Error(
      `cannot read the client file ${file} (${(error as Error).message}); pass --client FILE, or run \`npm start\` from the repository root first (it saves the demo clients under .data/clients/)`,
    );
  }
}

/** The API scopes the saved client was registered with (`openid` and `offline_access` left out). */
export function apiScopesOf(values: { client?: string | undefined }): string {
  const scopes = (clientFileOf(values).scope ?? 'accounts').split(/\s+/);
  return scopes.filter((scope) => scope && scope !== 'openid' && scope !== 'offline_access').join(' ');
}

/** The customer's session for a new account-access consent (sandbox shortcut). */
export async function customerSession(client: OpenBankingClient, username: string, password: string) {
  const { data, error } = await client.POST('/v1/aisp/account-access-consents', {
    body: {
      Data: {
        Permissions: [
          'ReadAccountsDetail',
          'ReadBalances',
          'ReadTransactionsDetail',
          'ReadTransactionsCredits',
          'ReadTransactionsDebits',
        ],
      },
      Risk: {},
    },
  });
  if (error) throw error;
  return client.sandbox.authorise({ consentId: data.Data.ConsentId, username, password });
}
