import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dpopProof } from '../helpers/crafted.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { rawRequest } from '../helpers/raw-http.ts';

const api = useGateway();

/** What a client may forge: the origin a proxy would have reported. */
const FORGED = {
  host: 'evil.example',
  'x-forwarded-host': 'evil.example',
  'x-forwarded-proto': 'https',
  'x-forwarded-port': '443',
  forwarded: 'host=evil.example;proto=https',
};

// As deployed without a custom domain: no PUBLIC_BASE_URL, only the ISSUER CDK sets to the
// stage's URL. The public URL must come from it, whatever Host or X-Forwarded-* say.
describe('forged Host and X-Forwarded-* headers on API routes', () => {
  const saved = { PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL, ISSUER: process.env.ISSUER };
  beforeAll(() => {
    process.env.ISSUER = api.url;
    delete process.env.PUBLIC_BASE_URL;
  });
  afterAll(() => {
    process.env.PUBLIC_BASE_URL = saved.PUBLIC_BASE_URL;
    if (saved.ISSUER === undefined) delete process.env.ISSUER;
    else process.env.ISSUER = saved.ISSUER;
  });

  it('links Self to the configured URL, not to the forged host', async () => {
    const result = await rawRequest(`${api.url}/v1/banks`, { method: 'GET', headers: FORGED });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.text).Links.Self).toBe(`${api.url}/v1/banks`);
  });

  describe('DPoP htu', () => {
    let fintech: Fintech;
    let token: string;
    const path = '/v1/aisp/account-access-consents';
    beforeAll(async () => {
      fintech = await new Fintech(api.url).register({
        scope: 'accounts',
        grant_types: ['client_credentials'],
      });
      token = await fintech.clientToken('accounts');
    });

    const create = async (htu: string) =>
      rawRequest(`${api.url}${path}`, {
        method: 'POST',
        headers: {
          ...FORGED,
          authorization: `DPoP ${token}`,
          dpop: await dpopProof(fintech.dpopKeys, { htm: 'POST', htu, accessToken: token }),
          'content-type': 'application/json',
          'x-idempotency-key': crypto.randomUUID(),
        },
        body: JSON.stringify({ Data: { Permissions: ['ReadAccountsDetail'] }, Risk: {} }),
      });

    it('refuses a proof made for the forged origin', async () => {
      const result = await create(`https://evil.example${path}`);
      expect(result.status).toBe(401);
      expect(JSON.parse(result.text).Errors[0].ErrorCode).toBe('VN.OB.Auth.InvalidDPoPProof');
    });

    it('accepts a proof made for the configured URL, whatever the forged headers say', async () => {
      const result = await create(`${api.url}${path}`);
      expect(result.status).toBe(201);
      expect(JSON.parse(result.text).Links.Self).toMatch(new RegExp(`^${api.url}${path}/`));
    });
  });
});
