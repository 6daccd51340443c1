import { exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_TOKEN } from '../../functions/authorization-server/initial-access-token.ts';
import { useGateway } from '../helpers/gateway.ts';
import { rawRequest } from '../helpers/raw-http.ts';

const api = useGateway();

/** What a client could send to make the server describe itself on another host. */
const FORGED = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-for': '203.0.113.66',
  'x-forwarded-port': '443',
  forwarded: 'for=203.0.113.66;host=evil.example;proto=https',
};

/** Every string in a JSON document that is a URL. */
function urlsIn(value: unknown): string[] {
  if (typeof value === 'string') return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(urlsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(urlsIn);
  return [];
}

describe('no trust in forwarded headers: every URL comes from the configured issuer', () => {
  it('keeps discovery on the issuer whatever Host and X-Forwarded-* say', async () => {
    // Act
    const answer = await rawRequest(`${api.url}/.well-known/openid-configuration`, {
      method: 'GET',
      headers: FORGED,
    });
    const metadata = JSON.parse(answer.text);
    const urls = urlsIn(metadata);

    // Assess: before the fix token_endpoint, par and jwks_uri were on https://evil.example.
    expect(answer.status).toBe(200);
    expect(metadata.issuer).toBe(api.url);
    expect(urls.length).toBeGreaterThan(5);
    expect(urls.filter((url) => !url.startsWith(`${api.url}/`) && url !== api.url)).toEqual([]);
  });

  it('gives a registration its management URI on the issuer too', async () => {
    // Prepare
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const body = JSON.stringify({
      client_name: 'Ví Xanh',
      redirect_uris: ['https://vixanh.example/callback'],
      token_endpoint_auth_method: 'private_key_jwt',
      scope: 'accounts',
      grant_types: ['client_credentials'],
      jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig' }] },
    });

    // Act
    const answer = await rawRequest(`${api.url}/oauth2/register`, {
      method: 'POST',
      headers: {
        ...FORGED,
        'content-type': 'application/json',
        authorization: `Bearer ${DEFAULT_SANDBOX_TOKEN}`,
      },
      body,
    });

    // Assess
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.text).registration_client_uri).toMatch(
      new RegExp(`^${api.url}/oauth2/register/`),
    );
  });
});
