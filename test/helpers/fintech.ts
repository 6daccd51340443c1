import { exportJWK } from 'jose';
import * as oauth from 'oauth4webapi';
import { DEFAULT_SANDBOX_TOKEN } from '../../functions/authorization-server/initial-access-token.ts';

export const REDIRECT_URI = 'https://fintech.example/callback';

/**
 * A third-party client as a fintech would write it: oauth4webapi (an independent, certified
 * client library) for discovery, registration, PAR, PKCE, private_key_jwt and DPoP.
 */
export class Fintech {
  readonly http = { [oauth.allowInsecureRequests]: true } as const;
  as!: oauth.AuthorizationServer;
  client!: oauth.Client;
  keys!: CryptoKeyPair;
  dpopKeys!: CryptoKeyPair;
  dpop!: oauth.DPoPHandle;

  constructor(readonly baseUrl: string) {}

  /** Discovers the server and registers (RFC 7591) with a fresh key pair. */
  async register(metadata: Partial<oauth.Client> & { scope: string }): Promise<this> {
    const issuer = new URL(this.baseUrl);
    this.as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, this.http));
    this.keys = await oauth.generateKeyPair('ES256', { extractable: true });
    this.dpopKeys = await oauth.generateKeyPair('ES256', { extractable: true });
    const publicJwk = await exportJWK(this.keys.publicKey);
    const response = await oauth.dynamicClientRegistrationRequest(
      this.as,
      {
        client_name: 'Ví Xanh',
        logo_uri: 'https://fintech.example/logo.png',
        redirect_uris: [REDIRECT_URI],
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [{ ...publicJwk, alg: 'ES256', use: 'sig' }] },
        ...metadata,
      } as Partial<oauth.Client>,
      { ...this.http, initialAccessToken: process.env.SANDBOX_INITIAL_ACCESS_TOKEN ?? DEFAULT_SANDBOX_TOKEN },
    );
    this.client = await oauth.processDynamicClientRegistrationResponse(response);
    this.dpop = oauth.DPoP(this.client, this.dpopKeys);
    return this;
  }

  get clientAuth(): oauth.ClientAuth {
    return oauth.PrivateKeyJwt(this.keys.privateKey);
  }

  /** A client-credentials token (DPoP-bound), e.g. to create consents. */
  async clientToken(scope: string): Promise<string> {
    const response = await oauth.clientCredentialsGrantRequest(
      this.as,
      this.client,
      this.clientAuth,
      { scope },
      {
        ...this.http,
        DPoP: this.dpop,
      },
    );
    const result = await oauth.processClientCredentialsResponse(this.as, this.client, response);
    return result.access_token;
  }

  /** Pushes the authorization request (PAR) for a consent; returns the URL the customer opens. */
  async authorizationUrl(consentId: string, scope: string, extra: Record<string, string> = {}) {
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const params = {
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      authorization_details: JSON.stringify([{ type: 'consent', consent_id: consentId }]),
      ...extra,
    };
    const response = await oauth.pushedAuthorizationRequest(this.as, this.client, this.clientAuth, params, {
      ...this.http,
      DPoP: this.dpop,
    });
    const par = await oauth.processPushedAuthorizationResponse(this.as, this.client, response);
    const url = new URL(this.as.authorization_endpoint!);
    url.searchParams.set('client_id', this.client.client_id);
    url.searchParams.set('request_uri', par.request_uri);
    return { url, codeVerifier, state, requestUri: par.request_uri };
  }

  /** Exchanges the code from the callback URL for DPoP-bound tokens. */
  async exchangeCode(callback: URL, codeVerifier: string, state: string) {
    const params = oauth.validateAuthResponse(this.as, this.client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      this.as,
      this.client,
      this.clientAuth,
      params,
      REDIRECT_URI,
      codeVerifier,
      { ...this.http, DPoP: this.dpop },
    );
    return oauth.processAuthorizationCodeResponse(this.as, this.client, response);
  }

  /** Calls a protected resource with the token and a fresh DPoP proof. */
  async call(
    accessToken: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const requestHeaders = new Headers(headers);
    if (body !== undefined) requestHeaders.set('content-type', 'application/json');
    const response = await oauth.protectedResourceRequest(
      accessToken,
      method,
      new URL(path, this.baseUrl),
      requestHeaders,
      body === undefined ? null : JSON.stringify(body),
      { ...this.http, DPoP: this.dpop },
    );
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
  }
}
