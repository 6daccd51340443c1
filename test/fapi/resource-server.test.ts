import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../../functions/use-cases/access/access-token.ts';
import { dpopProof } from '../helpers/crafted.ts';
import { createCustomer } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { customerTokens } from './scenario.ts';

const api = useGateway();

describe('resource server: DPoP-bound access tokens on /v1 routes', () => {
  let fintech: Fintech;
  let other: Fintech;
  let accessToken: string;
  let url: string;
  beforeAll(async () => {
    const customer = await createCustomer();
    [fintech, other] = await Promise.all([
      new Fintech(api.url).register({ scope: 'openid accounts offline_access' }),
      new Fintech(api.url).register({ scope: 'openid accounts offline_access' }),
    ]);
    ({
      tokens: { access_token: accessToken },
    } = await customerTokens(fintech, customer));
    url = `${api.url}/v1/aisp/accounts`;
  });

  async function get(headers: Record<string, string>) {
    const response = await fetch(url, { headers });
    return {
      status: response.status,
      challenge: response.headers.get('www-authenticate'),
      json: await response.json(),
    };
  }

  const proof = (overrides: Partial<Parameters<typeof dpopProof>[1]> = {}, keys = fintech.dpopKeys) =>
    dpopProof(keys, { htm: 'GET', htu: url, accessToken, ...overrides });

  it('answers a well-formed request (control case)', async () => {
    const result = await get({ authorization: `DPoP ${accessToken}`, dpop: await proof() });
    expect(result.status).toBe(200);
  });

  it('refuses a request without a token, with an RFC 6750 challenge', async () => {
    const result = await get({});
    expect(result.status).toBe(401);
    expect(result.challenge).toMatch(/^DPoP error="invalid_token"/);
    expect(result.json.Errors[0].ErrorCode).toBe('VN.OB.Auth.InvalidToken');
  });

  it('refuses the token as a Bearer token (it is sender-constrained)', async () => {
    const result = await get({ authorization: `Bearer ${accessToken}` });
    expect(result.status).toBe(401);
    expect(result.challenge).toContain('invalid_token');
  });

  it('refuses the token without a DPoP proof', async () => {
    const result = await get({ authorization: `DPoP ${accessToken}` });
    expect(result.status).toBe(401);
    expect(result.challenge).toContain('error="invalid_dpop_proof"');
  });

  it.each([
    ['wrong htm', { htm: 'POST' }],
    ['wrong htu', { htu: `${api.url}/v1/aisp/accounts/other` }],
    ['stale iat', { iat: Math.floor(Date.now() / 1000) - 300 }],
    ['wrong ath', { ath: 'bm90LXRoZS1oYXNoLW9mLXRoaXMtdG9rZW4' }],
  ])('refuses a proof with %s', async (_label, overrides) => {
    const result = await get({ authorization: `DPoP ${accessToken}`, dpop: await proof(overrides) });
    expect(result.status).toBe(401);
    expect(result.challenge).toContain('error="invalid_dpop_proof"');
    expect(result.json.Errors[0].ErrorCode).toBe('VN.OB.Auth.InvalidDPoPProof');
  });

  it('refuses a replayed proof (same jti)', async () => {
    const replayed = await proof({ jti: crypto.randomUUID() });
    const first = await get({ authorization: `DPoP ${accessToken}`, dpop: replayed });
    const second = await get({ authorization: `DPoP ${accessToken}`, dpop: replayed });
    expect(first.status).toBe(200);
    expect(second.status).toBe(401);
    expect(second.json.Message).toContain('jti');
  });

  it('refuses a proof signed by another key than the one the token is bound to', async () => {
    const stranger = await generateKeyPair('ES256');
    const result = await get({ authorization: `DPoP ${accessToken}`, dpop: await proof({}, stranger) });
    expect(result.status).toBe(401);
    expect(result.json.Message).toContain('not the key');
  });

  it("refuses a proof naming the bound key but signed by another, after that key's proofs were accepted", async () => {
    // Prepare: the bound key has been seen (its import is cached); a stranger signs with its JWK in the header.
    expect((await get({ authorization: `DPoP ${accessToken}`, dpop: await proof() })).status).toBe(200);
    const stranger = await generateKeyPair('ES256');
    const forged = await new SignJWT({
      htm: 'GET',
      htu: url,
      jti: crypto.randomUUID(),
      ath: await tokenHash(accessToken),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: await exportJWK(fintech.dpopKeys.publicKey) })
      .setIssuedAt()
      .sign(stranger.privateKey);

    // Act
    const result = await get({ authorization: `DPoP ${accessToken}`, dpop: forged });

    // Assess
    expect(result.status).toBe(401);
    expect(result.json.Errors[0].ErrorCode).toBe('VN.OB.Auth.InvalidDPoPProof');
    expect(result.json.Message).toContain('signature');
  });

  it('refuses a proof whose jwk header is not a JSON object with a 401, not a 500', async () => {
    // Prepare
    const malformed = await new SignJWT({
      htm: 'GET',
      htu: url,
      jti: crypto.randomUUID(),
      ath: await tokenHash(accessToken),
    })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: 'not-a-key' as unknown as JWK })
      .setIssuedAt()
      .sign(fintech.dpopKeys.privateKey);

    // Act
    const result = await get({ authorization: `DPoP ${accessToken}`, dpop: malformed });

    // Assess
    expect(result.status).toBe(401);
    expect(result.json.Message).toContain('public jwk');
  });

  it("refuses client A's token presented with client B's DPoP key", async () => {
    const result = await get({ authorization: `DPoP ${accessToken}`, dpop: await proof({}, other.dpopKeys) });
    expect(result.status).toBe(401);
    expect(result.challenge).toContain('invalid_dpop_proof');
  });

  it('refuses a forged token signed by someone else', async () => {
    const parts = accessToken.split('.');
    const forged = `${parts[0]}.${parts[1]}.${Buffer.from('forged').toString('base64url')}`;
    const result = await get({ authorization: `DPoP ${forged}`, dpop: await proof({ accessToken: forged }) });
    expect(result.status).toBe(401);
    expect(result.challenge).toContain('invalid_token');
  });

  it('refuses a client-credentials token on a customer route, and a customer token where a client token is due', async () => {
    const clientToken = await fintech.clientToken('accounts');
    const onCustomerRoute = await fintech.call(clientToken, 'GET', '/v1/aisp/accounts');
    const onClientRoute = await fintech.call(
      accessToken,
      'POST',
      '/v1/aisp/account-access-consents',
      { Data: {} },
      {
        'x-idempotency-key': crypto.randomUUID(),
      },
    );
    expect(onCustomerRoute.status).toBe(403);
    expect(onClientRoute.status).toBe(403);
    expect(onClientRoute.json.Errors[0].ErrorCode).toBe('VN.OB.Auth.WrongGrant');
  });

  it('refuses a token without the route scope', async () => {
    const paymentsOnly = await new Fintech(api.url).register({ scope: 'payments' });
    const token = await paymentsOnly.clientToken('payments');
    const target = `${api.url}/v1/aisp/account-access-consents`;
    const response = await fetch(target, {
      method: 'POST',
      headers: {
        authorization: `DPoP ${token}`,
        dpop: await dpopProof(paymentsOnly.dpopKeys, { htm: 'POST', htu: target, accessToken: token }),
        'content-type': 'application/json',
        'x-idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify({ Data: { Permissions: ['ReadBalances'] } }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('www-authenticate')).toBe(
      'DPoP error="insufficient_scope", scope="accounts"',
    );
    expect((await response.json()).Errors[0].ErrorCode).toBe('VN.OB.Auth.InsufficientScope');
  });
});
