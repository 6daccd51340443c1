import { generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientAssertion, dpopProof, postForm, unsignedJwt } from '../helpers/crafted.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('token endpoint: private_key_jwt client authentication and DPoP', () => {
  let fintech: Fintech;
  let tokenEndpoint: string;
  beforeAll(async () => {
    fintech = await new Fintech(api.url).register({ scope: 'accounts' });
    tokenEndpoint = fintech.as.token_endpoint!;
  });

  async function tokenRequest(assertion: string, withDpop = true) {
    const headers = withDpop
      ? { dpop: await dpopProof(fintech.dpopKeys, { htm: 'POST', htu: tokenEndpoint }) }
      : ({} as Record<string, string>);
    return postForm(
      tokenEndpoint,
      {
        grant_type: 'client_credentials',
        scope: 'accounts',
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion,
      },
      headers,
    );
  }

  it('issues a token for a well-formed assertion and DPoP proof (control case)', async () => {
    const assertion = await clientAssertion(fintech.keys.privateKey, {
      clientId: fintech.client.client_id,
      aud: api.url,
    });
    const result = await tokenRequest(assertion);
    expect(result.status).toBe(200);
    expect(result.json.token_type).toBe('DPoP');
  });

  it('rejects an assertion whose aud is not this server', async () => {
    const assertion = await clientAssertion(fintech.keys.privateKey, {
      clientId: fintech.client.client_id,
      aud: 'https://another-bank.example',
    });
    const result = await tokenRequest(assertion);
    expect(result.status).toBe(401);
    expect(result.json.error).toBe('invalid_client');
  });

  it('rejects an expired assertion', async () => {
    const past = Math.floor(Date.now() / 1000) - 600;
    const assertion = await clientAssertion(fintech.keys.privateKey, {
      clientId: fintech.client.client_id,
      aud: api.url,
      iat: past - 60,
      exp: past,
    });
    const result = await tokenRequest(assertion);
    expect(result.status).toBe(401);
    expect(result.json.error).toBe('invalid_client');
  });

  it("rejects an unsigned assertion (alg 'none')", async () => {
    const now = Math.floor(Date.now() / 1000);
    const id = fintech.client.client_id;
    const assertion = unsignedJwt({
      iss: id,
      sub: id,
      aud: api.url,
      jti: crypto.randomUUID(),
      iat: now,
      exp: now + 60,
    });
    const result = await tokenRequest(assertion);
    expect(result.status).toBe(401);
    expect(result.json.error).toBe('invalid_client');
  });

  it('rejects an assertion signed by a key the client did not register', async () => {
    const stranger = await generateKeyPair('ES256');
    const assertion = await clientAssertion(stranger.privateKey, {
      clientId: fintech.client.client_id,
      aud: api.url,
    });
    const result = await tokenRequest(assertion);
    expect(result.status).toBe(401);
    expect(result.json.error).toBe('invalid_client');
  });

  it('refuses to issue a token without a DPoP proof (sender-constrained tokens only)', async () => {
    const assertion = await clientAssertion(fintech.keys.privateKey, {
      clientId: fintech.client.client_id,
      aud: api.url,
    });
    const result = await tokenRequest(assertion, false);
    expect(result.status).toBe(400);
    expect(result.json.error).toBe('invalid_grant');
  });

  it('answers a client_id or code of 2,100 characters as unknown, not with a server error', async () => {
    // Prepare: as a key, such an id would pass DynamoDB's 2,048-byte limit.
    const long = 'a'.repeat(2_100);
    const dpop = async () => ({
      dpop: await dpopProof(fintech.dpopKeys, { htm: 'POST', htu: tokenEndpoint }),
    });
    // Act
    const client = await postForm(
      tokenEndpoint,
      { grant_type: 'client_credentials', scope: 'accounts', client_id: long, client_secret: 'x' },
      await dpop(),
    );
    const code = await tokenRequestWithCode(long, await dpop());
    const authorize = await fetch(
      `${fintech.as.authorization_endpoint}?client_id=${long}&response_type=code&scope=openid`,
    );
    // Assess
    expect(client.status).toBe(401);
    expect(client.json.error).toBe('invalid_client');
    expect(code.status).toBe(400);
    expect(code.json.error).toBe('invalid_grant');
    expect(authorize.status).toBe(400);
  });

  async function tokenRequestWithCode(code: string, headers: Record<string, string>) {
    const assertion = await clientAssertion(fintech.keys.privateKey, {
      clientId: fintech.client.client_id,
      aud: api.url,
    });
    return postForm(
      tokenEndpoint,
      {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: assertion,
      },
      headers,
    );
  }

  it('rejects a malformed registration body with invalid_client_metadata, storing nothing', async () => {
    const response = await fetch(fintech.as.registration_endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-initial-access-token' },
      body: JSON.stringify({ redirect_uris: 'not-a-list', token_endpoint_auth_method: 'private_key_jwt' }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe('invalid_client_metadata');
  });
});
