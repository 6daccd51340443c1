import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as oauth from 'oauth4webapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { CustomerBrowser } from '../helpers/customer-browser.ts';
import { createCustomer } from '../helpers/customers.ts';
import { Fintech, REDIRECT_URI } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { createAisConsent } from './scenario.ts';

const api = useGateway();

describe('pushed authorization requests (PAR) and the authorization endpoint', () => {
  let fintech: Fintech;
  let consentId: string;
  beforeAll(async () => {
    fintech = await new Fintech(api.url).register({ scope: 'openid accounts' });
    ({ consentId } = await createAisConsent(fintech));
  });

  /** A PAR of the consent with `params` over the defaults; a parameter given as undefined is left out. */
  async function push(params: Record<string, string | undefined>) {
    const all = {
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid accounts',
      authorization_details: JSON.stringify([{ type: 'consent', consent_id: consentId }]),
      ...params,
    };
    const sent = Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined));
    const response = await oauth.pushedAuthorizationRequest(
      fintech.as,
      fintech.client,
      fintech.clientAuth,
      sent,
      {
        ...fintech.http,
        DPoP: fintech.dpop,
      },
    );
    return { status: response.status, json: await response.json() };
  }

  it.each([
    ['absent', undefined],
    ['an empty list', '[]'],
  ])(
    'refuses a PAR whose authorization_details is %s (every authorization names its consent)',
    async (_, details) => {
      // Act
      const result = await push({
        code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
        code_challenge_method: 'S256',
        authorization_details: details,
      });
      // Assess
      expect(result.status).toBe(400);
      expect(result.json).toMatchObject({
        error: 'invalid_request',
        error_description: expect.stringContaining('authorization_details is required'),
      });
    },
  );

  it("asks the customer again for a second consent in the same browser session, never answering from the first one's grant", async () => {
    // Prepare: the customer approved one consent; the session cookie is still live.
    const customer = await createCustomer();
    const browser = new CustomerBrowser();
    const first = await createAisConsent(fintech);
    const firstUrl = await fintech.authorizationUrl(first.consentId, 'openid accounts');
    const approved = await browser.authorize(firstUrl.url, REDIRECT_URI, customer.login, { approve: true });
    const second = await createAisConsent(fintech);
    const secondUrl = await fintech.authorizationUrl(second.consentId, 'openid accounts');
    // Act
    const opened = await browser.open(secondUrl.url, REDIRECT_URI);
    const page = await opened.response.text();
    // Assess
    expect(approved.searchParams.get('code')).toBeTruthy();
    expect(opened.url.href.startsWith(REDIRECT_URI)).toBe(false);
    expect(opened.response.status).toBe(200);
    expect(page).toContain('name="decision"');
  });

  it('refuses a PAR without PKCE', async () => {
    const result = await push({});
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringContaining('PKCE'),
    });
  });

  it("refuses PKCE method 'plain'", async () => {
    const result = await push({ code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' });
    expect(result.status).toBe(400);
    expect(result.json.error).toBe('invalid_request');
  });

  it('refuses a redirect_uri the client did not register', async () => {
    const result = await push({
      redirect_uri: 'https://attacker.example/cb',
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    });
    expect(result.status).toBe(400);
    // RFC 9126 §2.1: the PAR endpoint reports a bad redirect_uri as invalid_request.
    expect(result.json).toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringContaining('redirect_uri'),
    });
  });

  it('refuses a consent that belongs to another client', async () => {
    const other = await new Fintech(api.url).register({ scope: 'openid accounts' });
    const { consentId: othersConsent } = await createAisConsent(other);
    const result = await push({
      authorization_details: JSON.stringify([{ type: 'consent', consent_id: othersConsent }]),
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    });
    expect(result.status).toBe(400);
    expect(result.json).toMatchObject({
      error: 'invalid_authorization_details',
      error_description: expect.stringContaining('not found'),
    });
  });

  it('refuses a consent that does not exist or is no longer awaiting authorisation', async () => {
    const challenge = await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier());
    const unknown = await push({
      authorization_details: JSON.stringify([{ type: 'consent', consent_id: 'aac-does-not-exist' }]),
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(unknown.json.error).toBe('invalid_authorization_details');

    const { consentId: revoked, clientToken } = await createAisConsent(fintech);
    await fintech.call(clientToken, 'DELETE', `/v1/aisp/account-access-consents/${revoked}`);
    const afterRevoke = await push({
      authorization_details: JSON.stringify([{ type: 'consent', consent_id: revoked }]),
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    expect(afterRevoke.json).toMatchObject({
      error: 'invalid_authorization_details',
      error_description: expect.stringContaining('Revoked'),
    });
  });

  it('refuses an authorization request that was not pushed', async () => {
    const url = new URL(fintech.as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: fintech.client.client_id,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid accounts',
      code_challenge: await oauth.calculatePKCECodeChallenge(oauth.generateRandomCodeVerifier()),
      code_challenge_method: 'S256',
    }).toString();
    const { url: landed } = await new CustomerBrowser().open(url, REDIRECT_URI);
    expect(landed.searchParams.get('error')).toBe('invalid_request');
    expect(landed.searchParams.get('error_description')).toMatch(/pushed authorization request/i);
  });

  it('refuses a request_uri used again after its authorization completed', async () => {
    const customer = await createCustomer();
    const { consentId: fresh } = await createAisConsent(fintech);
    const { url } = await fintech.authorizationUrl(fresh, 'openid accounts');
    const callback = await new CustomerBrowser().authorize(url, REDIRECT_URI, customer.login, {
      approve: true,
    });
    const again = await new CustomerBrowser().open(url, REDIRECT_URI);
    expect(callback.searchParams.get('code')).toBeTruthy();
    // The redirect_uri cannot be trusted without the request, so the error is shown, not redirected.
    expect(again.response.status).toBe(400);
    expect(await again.response.text()).toContain('invalid_request_uri');
  });

  it('refuses an expired request_uri', async () => {
    const { url, requestUri } = await fintech.authorizationUrl(consentId, 'openid accounts');
    const parId = requestUri.split(':').at(-1)!;
    // Let the 60 s lifetime pass: the stored request now says it expired a minute ago.
    const past = Math.floor(Date.now() / 1000) - 60;
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: { pk: `OIDC#PushedAuthorizationRequest#${parId}`, sk: 'OIDC' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': past },
      }),
    );
    const { url: landed, response } = await new CustomerBrowser().open(url, REDIRECT_URI);
    expect(landed.searchParams.get('error') ?? (await response.text())).toMatch(/invalid_request_uri/);
  });
});
