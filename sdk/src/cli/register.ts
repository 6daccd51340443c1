import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { baseUrlOf } from './context.ts';
import { CliUsageError } from './usage.ts';

/** The sandbox's initial access token (printed by `npm start`); live partners get their own from the bank. */
const SANDBOX_TOKEN = 'sandbox-initial-access-token';

/** `ob clients register`: RFC 7591 registration with a new ES256 key; writes the client file. */
export async function registerCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      'base-url': { type: 'string' },
      name: { type: 'string' },
      scope: { type: 'string', default: 'openid offline_access accounts payments' },
      'redirect-uri': { type: 'string', multiple: true },
      'logo-uri': { type: 'string' },
      token: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (!values.name || !values['redirect-uri']?.length) {
    throw new CliUsageError('ob clients register needs --name and --redirect-uri');
  }
  const issuer = new URL(baseUrlOf(values));
  const http = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, http));
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const scope = values.scope!;
  const customerFacing = scope.split(/\s+/).some((s) => s === 'accounts' || s === 'payments');
  const response = await oauth.dynamicClientRegistrationRequest(
    as,
    {
      client_name: values.name,
      ...(values['logo-uri'] ? { logo_uri: values['logo-uri'] } : {}),
      redirect_uris: values['redirect-uri'],
      grant_types: customerFacing
        ? ['authorization_code', 'refresh_token', 'client_credentials']
        : ['client_credentials'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      scope,
      jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
    },
    {
      ...http,
      initialAccessToken: values.token ?? process.env.SANDBOX_INITIAL_ACCESS_TOKEN ?? SANDBOX_TOKEN,
    },
  );
  const client = await oauth.processDynamicClientRegistrationResponse(response);
  const out = values.out ?? `${client.client_id}.private.jwk.json`;
  const saved = {
    clientId: client.client_id,
    scope,
    redirectUris: values['redirect-uri'],
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' },
  };
  writeFileSync(out, `${JSON.stringify(saved, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(`client_id ${client.client_id}\nclient file written to ${out} (keep it secret)\n`);
  return 0;
}
