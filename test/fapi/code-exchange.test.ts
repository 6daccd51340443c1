import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { clientAssertion, dpopProof, postForm } from '../helpers/crafted.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { approvedCallback, createAisConsent } from './scenario.ts';

const api = useGateway();
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

describe('authorization code and refresh token redemption', () => {
  let fintech: Fintech;
  let other: Fintech;
  let customer: TestCustomer;
  beforeAll(async () => {
    [fintech, other, customer] = await Promise.all([
      new Fintech(api.url).register({ scope: 'openid accounts offline_access' }),
      new Fintech(api.url).register({ scope: 'openid accounts offline_access' }),
      createCustomer(),
    ]);
  });

  /** A token request by hand as `client` (private_key_jwt + DPoP), so any parameter can be wrong. */
  async function tokenRequest(client: Fintech, form: Record<string, string>) {
    const endpoint = client.as.token_endpoint!;
    const assertion = await clientAssertion(client.keys.privateKey, {
      clientId: client.client.client_id,
      aud: api.url,
    });
    return postForm(
      endpoint,
      { ...form, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion },
      { dpop: await dpopProof(client.dpopKeys, { htm: 'POST', htu: endpoint }) },
    );
  }

  const redeem = (client: Fintech, code: string, verifier: string) =>
    tokenRequest(client, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });

  async function freshCode() {
    const { consentId } = await createAisConsent(fintech);
    const { callback, codeVerifier } = await approvedCallback(fintech, customer, consentId);
    return { code: callback.searchParams.get('code')!, codeVerifier };
  }

  it('refuses a wrong PKCE verifier', async () => {
    const { code } = await freshCode();
    const result = await redeem(fintech, code, oauth.generateRandomCodeVerifier());
    expect(result.status).toBe(400);
    expect(result.json.error).toBe('invalid_grant');
  });

  it('refuses a code used twice (and the second use revokes what the first issued)', async () => {
    const { code, codeVerifier } = await freshCode();
    const first = await redeem(fintech, code, codeVerifier);
    const second = await redeem(fintech, code, codeVerifier);
    expect(first.status).toBe(200);
    expect(second.status).toBe(400);
    expect(second.json.error).toBe('invalid_grant');
    const afterReuse = await fintech.call(first.json.access_token, 'GET', '/v1/aisp/accounts');
    expect(afterReuse.status).toBe(403);
    expect(afterReuse.json.Errors[0].ErrorCode).toBe('VN.OB.Consent.Revoked');
  });

  it("refuses another client's code", async () => {
    const { code, codeVerifier } = await freshCode();
    const result = await redeem(other, code, codeVerifier);
    expect(result.status).toBe(400);
    expect(result.json.error).toBe('invalid_grant');
  });

  it('refuses an expired code', async () => {
    const { code, codeVerifier } = await freshCode();
    // Let the 60 s lifetime pass: the stored code now says it expired a second ago.
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: { pk: `OIDC#AuthorizationCode#${code}`, sk: 'OIDC' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    const result = await redeem(fintech, code, codeVerifier);
    expect(result.status).toBe(400);
    expect(result.json.error).toBe('invalid_grant');
  });

  it('refuses a refresh token presented by another client, and keeps it working for its own', async () => {
    const { code, codeVerifier } = await freshCode();
    const issued = await redeem(fintech, code, codeVerifier);
    const refreshToken = issued.json.refresh_token as string;
    expect(refreshToken).toBeTruthy();
    const stolen = await tokenRequest(other, { grant_type: 'refresh_token', refresh_token: refreshToken });
    expect(stolen.status).toBe(400);
    expect(stolen.json.error).toBe('invalid_grant');

    const own = await oauth.refreshTokenGrantRequest(
      fintech.as,
      fintech.client,
      fintech.clientAuth,
      refreshToken,
      {
        ...fintech.http,
        DPoP: fintech.dpop,
      },
    );
    const refreshed = await oauth.processRefreshTokenResponse(fintech.as, fintech.client, own);
    expect(refreshed.refresh_token ?? refreshToken).toBe(refreshToken);
  });

  it("answers another client's introspection of a refresh token as inactive, and its own with the grant", async () => {
    // Prepare
    const { code, codeVerifier } = await freshCode();
    const refreshToken = (await redeem(fintech, code, codeVerifier)).json.refresh_token as string;
    const introspect = async (client: Fintech) =>
      oauth.processIntrospectionResponse(
        client.as,
        client.client,
        await oauth.introspectionRequest(
          client.as,
          client.client,
          client.clientAuth,
          refreshToken,
          client.http,
        ),
      );
    // Act
    const [theirs, own] = await Promise.all([introspect(other), introspect(fintech)]);
    // Assess
    expect(theirs).toEqual({ active: false });
    expect(own).toMatchObject({
      active: true,
      client_id: fintech.client.client_id,
      sub: customer.customerId,
    });
  });
});
