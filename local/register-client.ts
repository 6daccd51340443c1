import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

export interface ClientRegistration {
  clientId: string;
  /** The client's private signing key (private_key_jwt and, if it likes, DPoP). Keep it secret. */
  privateJwk: JWK;
  metadata: Record<string, unknown>;
}

/**
 * Registers a client the way a partner does (RFC 7591, initial access token): a fresh
 * ES256 key pair, the public half sent as `jwks`.
 */
export async function registerClient(options: {
  baseUrl: string;
  initialAccessToken: string;
  name: string;
  scope: string;
  redirectUris: string[];
  logoUri?: string;
}): Promise<ClientRegistration> {
  const discovery = await fetch(`${options.baseUrl}/.well-known/openid-configuration`);
  if (!discovery.ok) throw new Error(`discovery failed: ${discovery.status}`);
  const { registration_endpoint: endpoint } = (await discovery.json()) as { registration_endpoint: string };
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const grantTypes = options.scope.split(' ').some((s) => s === 'accounts' || s === 'payments')
    ? ['authorization_code', 'refresh_token', 'client_credentials']
    : ['client_credentials'];
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${options.initialAccessToken}` },
    body: JSON.stringify({
      client_name: options.name,
      ...(options.logoUri ? { logo_uri: options.logoUri } : {}),
      redirect_uris: options.redirectUris,
      grant_types: grantTypes,
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      scope: options.scope,
      jwks: { keys: [{ ...publicJwk, kid, alg: 'ES256', use: 'sig' }] },
    }),
  });
  const body = (await response.json()) as Record<string, unknown>;
  if (response.status !== 201) throw new Error(`registration refused: ${JSON.stringify(body)}`);
  return {
    clientId: body.client_id as string,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' },
    metadata: body,
  };
}
