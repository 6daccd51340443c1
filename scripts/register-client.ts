/**
 * `npm run client:register -- --name "Ví Xanh" --scope "accounts payments" --redirect-uri https://app.example/cb`
 * Makes a key pair, registers the client (RFC 7591) and writes the private JWK to a file.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_SANDBOX_TOKEN } from '../functions/authorization-server/initial-access-token.ts';
import { registerClient } from '../local/register-client.ts';

const { values } = parseArgs({
  options: {
    name: { type: 'string' },
    scope: { type: 'string', default: 'accounts payments' },
    'redirect-uri': { type: 'string', multiple: true },
    'logo-uri': { type: 'string' },
    'base-url': { type: 'string', default: process.env.BASE_URL ?? 'http://127.0.0.1:3000' },
    token: { type: 'string', default: process.env.SANDBOX_INITIAL_ACCESS_TOKEN ?? DEFAULT_SANDBOX_TOKEN },
    out: { type: 'string' },
  },
});

if (!values.name || !values['redirect-uri']?.length) {
  console.error(
    'usage: npm run client:register -- --name NAME --redirect-uri URI [--scope "accounts payments"] [--out key.json]',
  );
  process.exit(2);
}

const registration = await registerClient({
  baseUrl: values['base-url']!,
  initialAccessToken: values.token!,
  name: values.name,
  scope: values.scope!,
  redirectUris: values['redirect-uri'],
  ...(values['logo-uri'] ? { logoUri: values['logo-uri'] } : {}),
});
const out = values.out ?? `${registration.clientId}.private.jwk.json`;
writeFileSync(out, `${JSON.stringify(registration.privateJwk, null, 2)}\n`, { mode: 0o600 });
console.log(`client_id ${registration.clientId}`);
console.log(`private key written to ${out} (keep it secret; it is git-ignored)`);
