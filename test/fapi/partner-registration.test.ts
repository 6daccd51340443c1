import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { exportJWK, generateKeyPair } from 'jose';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_TOKEN } from '../../functions/authorization-server/initial-access-token.ts';
import { issuePartnerToken } from '../../functions/authorization-server/partner-tokens.ts';
import { type PartnerKind, parsePartnerTokenRequest } from '../../functions/domain/registration.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/keys.ts';
import { tokenDigest } from '../../functions/store/oidc-records.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();
const run = promisify(execFile);

interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: registration bodies are asserted field by field
  body: any;
  headers: Headers;
}

/** A partner's initial access token, issued as the operator command issues it. */
async function partnerToken(kind: PartnerKind, scopes: string, days = '30'): Promise<string> {
  const request = parsePartnerTokenRequest({ partner: `Partner ${randomUUID()}`, kind, scopes, days });
  if ('problem' in request) throw new Error(request.problem);
  return (await issuePartnerToken(request)).token;
}

/** A fintech's registration metadata with a fresh key pair, as RFC 7591 asks for it. */
async function fintechMetadata(overrides: Record<string, unknown> = {}) {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const metadata: Record<string, unknown> = {
    client_name: 'Ví Xanh',
    redirect_uris: ['https://vixanh.example/callback'],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
    token_endpoint_auth_method: 'private_key_jwt',
    token_endpoint_auth_signing_alg: 'ES256',
    scope: 'openid accounts payments',
    jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig' }] },
    ...overrides,
  };
  return { metadata, privateKey };
}

async function call(method: string, url: string, token: string, body?: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

async function register(token: string, overrides: Record<string, unknown> = {}): Promise<Answer> {
  const { metadata } = await fintechMetadata(overrides);
  return call('POST', `${api.url}/oauth2/register`, token, metadata);
}

/** A DPoP-bound client-credentials token for a registered client, as oauth4webapi gets one. */
async function clientCredentials(clientId: string, privateKey: CryptoKey) {
  const http = { [oauth.allowInsecureRequests]: true } as const;
  const issuer = new URL(api.url);
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, http));
  const client: oauth.Client = { client_id: clientId, token_endpoint_auth_signing_alg: 'ES256' };
  const dpop = oauth.DPoP(client, await oauth.generateKeyPair('ES256'));
  return oauth.clientCredentialsGrantRequest(
    as,
    client,
    oauth.PrivateKeyJwt(privateKey),
    { scope: 'accounts' },
    { ...http, DPoP: dpop },
  );
}

const refusedMetadata = (description: RegExp) => ({
  status: 400,
  body: { error: 'invalid_client_metadata', error_description: expect.stringMatching(description) },
});
const refusedRedirect = (description: RegExp) => ({
  status: 400,
  body: { error: 'invalid_redirect_uri', error_description: expect.stringMatching(description) },
});
const refusedToken = { status: 401, body: { error: 'invalid_token' } };

describe('registration a bank would accept (RFC 7591): what the sandbox token refuses', () => {
  it.each([
    [
      'an http redirect URI',
      { redirect_uris: ['http://evil.example/cb'] },
      refusedRedirect(/^redirect_uris: 'http:\/\/evil\.example\/cb' must use https$/),
    ],
    [
      'a custom-scheme redirect URI',
      { redirect_uris: ['com.evil.app:/cb'] },
      refusedRedirect(/^redirect_uris: 'com\.evil\.app:\/cb' uses the custom scheme 'com\.evil\.app'/),
    ],
    [
      "the bank's name",
      { client_name: 'VietinBank iPay' },
      refusedMetadata(/^client_name: 'VietinBank iPay' imitates the bank's name/),
    ],
    ["the bank's name spaced", { client_name: 'Vietin Bank' }, refusedMetadata(/imitates the bank's name/)],
    ["the bank's name in Vietnamese", { client_name: 'NGÂN HÀNG CÔNG THƯƠNG' }, refusedMetadata(/imitates/)],
    [
      "the bank's name without diacritics",
      { client_name: 'Ngan hang Cong Thuong' },
      refusedMetadata(/imitates/),
    ],
    ["the bank's app name", { client_name: 'iPay' }, refusedMetadata(/imitates/)],
    ["the bank's name with a digit for a letter", { client_name: 'V1etinBank' }, refusedMetadata(/imitates/)],
    ["the bank's name with a Cyrillic letter", { client_name: 'Vіetin Pay' }, refusedMetadata(/imitates/)],
    ["the bank's name with a dotless i", { client_name: 'Vıetin Bank' }, refusedMetadata(/imitates/)],
    ["the bank's name with a Latin iota", { client_name: 'Vietɩn Bank' }, refusedMetadata(/imitates/)],
    [
      "the bank's name with a lower-case L for an I",
      { client_name: 'VIETlNBANK' },
      refusedMetadata(/imitates/),
    ],
    ['a language-tagged bank name', { 'client_name#vi': 'Vietinbank' }, refusedMetadata(/^client_name#vi: /)],
    [
      'dpop_bound_access_tokens false',
      { dpop_bound_access_tokens: false },
      refusedMetadata(/^dpop_bound_access_tokens: must be true/),
    ],
    [
      'the operations scope',
      { scope: 'accounts operations' },
      refusedMetadata(/^scope: not available through registration: operations$/),
    ],
    [
      'an http logo',
      { logo_uri: 'http://vixanh.example/logo.png' },
      refusedMetadata(/^logo_uri: .* must be an https URL$/),
    ],
    [
      'a client secret',
      { token_endpoint_auth_method: 'client_secret_basic' },
      refusedMetadata(/^token_endpoint_auth_method: must be 'private_key_jwt'/),
    ],
  ])('refuses %s', async (_case, overrides, expected) => {
    // Act
    const answer = await register(DEFAULT_SANDBOX_TOKEN, overrides);

    // Assess
    expect(answer).toMatchObject(expected);
  });

  it('registers loopback redirect URIs and any kind of partner client in the sandbox, always DPoP-bound', async () => {
    // Act
    const fintech = await register(DEFAULT_SANDBOX_TOKEN, {
      redirect_uris: ['http://127.0.0.1:8080/callback'],
    });
    const terminal = await register(DEFAULT_SANDBOX_TOKEN, {
      scope: 'cash',
      grant_types: ['client_credentials'],
    });
    const city = await register(DEFAULT_SANDBOX_TOKEN, { scope: 'bills payments', client_name: 'Cổng DVC' });

    // Assess
    expect([fintech.status, terminal.status, city.status]).toEqual([201, 201, 201]);
    expect(fintech.body).toMatchObject({
      redirect_uris: ['http://127.0.0.1:8080/callback'],
      dpop_bound_access_tokens: true,
    });
  });
});

describe("partners' initial access tokens: bound to a kind and scopes, expiring, stored hashed", () => {
  it('registers what the token allows, and refuses scopes beyond it and another kind of client', async () => {
    // Prepare
    const accountsOnly = await partnerToken('fintech', 'accounts');
    const terminalToken = await partnerToken('terminal', 'cash');

    // Act
    const allowed = await register(accountsOnly, { scope: 'openid accounts' });
    const wider = await register(accountsOnly, { scope: 'openid accounts payments' });
    const otherKindsScope = await register(accountsOnly, {
      scope: 'cash',
      grant_types: ['client_credentials'],
    });
    const terminal = await register(terminalToken, { scope: 'cash', grant_types: ['client_credentials'] });
    const kindMismatch = await register(terminalToken, { scope: 'cash' });

    // Assess
    expect(allowed).toMatchObject({
      status: 201,
      body: { scope: 'openid accounts', dpop_bound_access_tokens: true },
    });
    expect(wider).toMatchObject(
      refusedMetadata(/^scope: payments is beyond this initial access token, which allows accounts$/),
    );
    expect(otherKindsScope).toMatchObject(refusedMetadata(/^scope: cash is beyond/));
    expect(terminal.status).toBe(201);
    expect(kindMismatch).toMatchObject(
      refusedMetadata(
        /^grant_types: this initial access token registers terminal clients, which use \['client_credentials'\] only \(authorization_code, refresh_token: fintech clients only\)$/,
      ),
    );
  });

  it('refuses an expired, an unknown and a revoked token with invalid_token', async () => {
    // Prepare
    const expired = await partnerToken('fintech', 'accounts payments');
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.oidc('InitialAccessToken', tokenDigest(expired)),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );

    // Act
    const answers = [await register(expired), await register(randomUUID())];

    // Assess
    for (const answer of answers) {
      expect(answer).toMatchObject(refusedToken);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm=".*", error="invalid_token"/);
    }
  });

  it('keeps tokens only as their SHA-256: neither the key nor the record holds the token', async () => {
    // Prepare
    const token = await partnerToken('fintech', 'accounts');
    const registered = await register(token, { scope: 'accounts' });
    const rat = registered.body.registration_access_token as string;

    // Act
    const get = (model: string, id: string) =>
      documents.send(new GetCommand({ TableName: mainTableName(), Key: keys.oidc(model, id) }));
    const [byIat, byIatHash, byRat, byRatHash] = await Promise.all([
      get('InitialAccessToken', token),
      get('InitialAccessToken', tokenDigest(token)),
      get('RegistrationAccessToken', rat),
      get('RegistrationAccessToken', tokenDigest(rat)),
    ]);

    // Assess
    expect(registered.status).toBe(201);
    expect([byIat.Item, byRat.Item]).toEqual([undefined, undefined]);
    expect(JSON.stringify(byIatHash.Item)).not.toContain(token);
    expect(JSON.stringify(byRatHash.Item)).not.toContain(rat);
    expect(byIatHash.Item?.partnerKind).toBe('fintech');
  });

  it('is issued, listed and revoked by the operator command', { timeout: 120_000 }, async () => {
    // Prepare
    const operator = (...args: string[]) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/operator.ts', 'initial-access-token', ...args], {
        env: process.env,
      });
    const partner = `Ví Xanh ${randomUUID()}`;

    // Act
    const issued = await operator(
      'issue',
      '--partner',
      partner,
      '--kind',
      'fintech',
      '--scopes',
      'accounts,payments',
      '--days',
      '30',
    );
    const token = /token: +(\S+)/.exec(issued.stdout)![1]!;
    const id = /id: +(\S+)/.exec(issued.stdout)![1]!;
    const registered = await register(token, { scope: 'accounts payments' });
    const listed = await operator('list');
    await operator('revoke', '--id', id);
    const afterRevoke = await register(token);
    const refusedKind = await operator(
      'issue',
      '--partner',
      partner,
      '--kind',
      'city',
      '--scopes',
      'accounts',
    ).catch((error: { code: number; stderr: string }) => error);

    // Assess
    expect(id).toBe(tokenDigest(token));
    expect(registered.status).toBe(201);
    expect(listed.stdout).toContain(`${id}  `);
    expect(listed.stdout).toContain(partner);
    expect(afterRevoke).toMatchObject(refusedToken);
    expect(refusedKind).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--scopes: a city may hold bills, not accounts'),
    });
  });
});

describe('outside sandbox', () => {
  beforeAll(() => {
    process.env.SANDBOX = '0';
  });
  afterAll(() => {
    process.env.SANDBOX = '1';
  });

  it('refuses the sandbox token and loopback redirect URIs; a partner token registers https clients', async () => {
    // Prepare
    const token = await partnerToken('fintech', 'accounts payments');

    // Act
    const sandboxToken = await register(DEFAULT_SANDBOX_TOKEN);
    const loopback = await register(token, { redirect_uris: ['http://127.0.0.1:8080/callback'] });
    const localhost = await register(token, { redirect_uris: ['http://localhost/callback'] });
    const https = await register(token);

    // Assess
    expect(sandboxToken).toMatchObject(refusedToken);
    expect(loopback).toMatchObject(
      refusedRedirect(
        /^redirect_uris: 'http:\/\/127\.0\.0\.1:8080\/callback' is a loopback address, allowed in the sandbox only/,
      ),
    );
    expect(localhost).toMatchObject(refusedRedirect(/allowed in the sandbox only/));
    expect(https.status).toBe(201);
  });
});

describe('registration management (RFC 7592) with the registration access token', () => {
  it("reads, updates (within the token's binding) and deletes the registration", async () => {
    // Prepare
    const token = await partnerToken('fintech', 'accounts payments');
    const { metadata, privateKey } = await fintechMetadata();
    const created = await call('POST', `${api.url}/oauth2/register`, token, metadata);
    const clientId = created.body.client_id as string;
    const uri = created.body.registration_client_uri as string;
    const firstRat = created.body.registration_access_token as string;

    // Act: read
    const read = await call('GET', uri, firstRat);
    const readWithOtherToken = await call('GET', uri, token);
    // Act: updates the binding refuses, then one it allows
    const update = { ...metadata, client_id: clientId };
    const widened = await call('PUT', uri, firstRat, { ...update, scope: 'accounts payments cash' });
    const httpRedirect = await call('PUT', uri, firstRat, {
      ...update,
      redirect_uris: ['http://vixanh.example/cb'],
    });
    const bankName = await call('PUT', uri, firstRat, { ...update, client_name: 'VietinBank' });
    const noDpop = await call('PUT', uri, firstRat, { ...update, dpop_bound_access_tokens: false });
    const updated = await call('PUT', uri, firstRat, {
      ...update,
      client_name: 'Ví Xanh Plus',
      redirect_uris: ['https://vixanh.example/v2/callback'],
    });
    const secondRat = updated.body.registration_access_token as string;
    const readWithRotatedToken = await call('GET', uri, firstRat);
    const readAfterUpdate = await call('GET', uri, secondRat);
    const tokenBeforeDelete = await clientCredentials(clientId, privateKey);
    // Act: delete
    const deleted = await call('DELETE', uri, secondRat);
    const readAfterDelete = await call('GET', uri, secondRat);
    const tokenAfterDelete = await clientCredentials(clientId, privateKey);

    // Assess
    expect(created.status).toBe(201);
    expect(uri).toBe(`${api.url}/oauth2/register/${clientId}`);
    expect(read).toMatchObject({
      status: 200,
      body: { client_id: clientId, client_name: 'Ví Xanh', registration_client_uri: uri },
    });
    expect(readWithOtherToken).toMatchObject(refusedToken);
    expect(widened).toMatchObject(refusedMetadata(/^scope: cash is beyond this initial access token/));
    expect(httpRedirect).toMatchObject(refusedRedirect(/must use https/));
    expect(bankName).toMatchObject(refusedMetadata(/imitates the bank's name/));
    expect(noDpop).toMatchObject(refusedMetadata(/^dpop_bound_access_tokens/));
    expect(updated).toMatchObject({
      status: 200,
      body: { client_name: 'Ví Xanh Plus', redirect_uris: ['https://vixanh.example/v2/callback'] },
    });
    expect(secondRat).not.toBe(firstRat);
    expect(readWithRotatedToken).toMatchObject(refusedToken);
    expect(readAfterUpdate).toMatchObject({
      status: 200,
      body: { client_name: 'Ví Xanh Plus', dpop_bound_access_tokens: true },
    });
    expect(tokenBeforeDelete.status).toBe(200);
    expect(deleted.status).toBe(204);
    expect(readAfterDelete).toMatchObject(refusedToken);
    expect(tokenAfterDelete.status).toBe(401);
  });
});
