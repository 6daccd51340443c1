import { calculateJwkThumbprint, exportJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();

describe('discovery and client registration', () => {
  it('publishes FAPI 2.0 metadata at /.well-known/openid-configuration', async () => {
    const response = await fetch(`${api.url}/.well-known/openid-configuration`);
    const metadata = await response.json();
    expect(response.status).toBe(200);
    expect(metadata).toMatchObject({
      issuer: api.url,
      pushed_authorization_request_endpoint: `${api.url}/oauth2/par`,
      require_pushed_authorization_requests: true,
      registration_endpoint: `${api.url}/oauth2/register`,
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata.dpop_signing_alg_values_supported).toEqual(['ES256', 'PS256']);
    expect(metadata.scopes_supported).toEqual(
      expect.arrayContaining(['accounts', 'payments', 'bills', 'cash']),
    );
  });

  it('registers a fintech with the initial access token and issues it a DPoP-bound client token', async () => {
    const fintech = await new Fintech(api.url).register({ scope: 'accounts payments' });
    const token = await fintech.clientToken('accounts');
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(fintech.client.client_id).toBeTruthy();
    expect(claims).toMatchObject({
      client_id: fintech.client.client_id,
      scope: 'accounts',
      aud: `${api.url}/v1`,
    });
    expect(claims.cnf.jkt).toBe(await calculateJwkThumbprint(await exportJWK(fintech.dpopKeys.publicKey)));
  });

  it('refuses registration without the initial access token', async () => {
    const response = await fetch(`${api.url}/oauth2/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: ['https://x.example/cb'],
        token_endpoint_auth_method: 'private_key_jwt',
      }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(await response.json()).toMatchObject({ error: 'invalid_token' });
  });

  it('refuses the bank-internal operations scope and client secrets', async () => {
    const attempt = (metadata: Record<string, unknown>) =>
      new Fintech(api.url).register(metadata as never).then(
        () => 'registered',
        (error: { cause?: { error?: string; error_description?: string } }) => error.cause,
      );
    expect(await attempt({ scope: 'accounts operations' })).toMatchObject({
      error: 'invalid_client_metadata',
      error_description: expect.stringContaining('operations'),
    });
    expect(
      await attempt({ scope: 'accounts', token_endpoint_auth_method: 'client_secret_basic' }),
    ).toMatchObject({
      error: 'invalid_client_metadata',
    });
  });
});
