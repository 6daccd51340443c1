import * as oauth from 'oauth4webapi';
import type { SigningKey } from './key.ts';

/** Tokens of a customer's authorization, as the token endpoint issued them. */
export interface CustomerTokens {
  accessToken: string;
  refreshToken: string | undefined;
  /** Epoch milliseconds. */
  expiresAt: number;
  scope: string | undefined;
}

/** An authorization request pushed to the server, waiting for the customer's answer. */
export interface PendingAuthorization {
  /** Open this URL in the customer's browser (or give it to `POST /sandbox/authorisations`). */
  url: URL;
  state: string;
  codeVerifier: string;
  redirectUri: string;
}

export interface AuthorizationOptions {
  baseUrl: URL;
  clientId: string;
  signingKey: () => Promise<SigningKey>;
  fetch: typeof fetch;
  allowInsecure: boolean;
  /** Renew a cached token this long before it expires. */
  renewBeforeMs: number;
  now: () => number;
}

/**
 * The OAuth side of the SDK, on oauth4webapi: discovery, private_key_jwt, one DPoP key for the
 * client's life (every token is bound to it), client-credentials tokens cached per scope until
 * shortly before expiry, PAR + PKCE + `authorization_details`, code exchange and refresh, each
 * token request retried once on `use_dpop_nonce`.
 */
export class Authorization {
  private server: Promise<oauth.AuthorizationServer> | undefined;
  private dpopHandle: Promise<oauth.DPoPHandle> | undefined;
  private readonly tokens = new Map<string, Promise<{ token: string; expiresAt: number }>>();
  private readonly pending = new Map<string, PendingAuthorization>();
  readonly client: oauth.Client;

  constructor(private readonly options: AuthorizationOptions) {
    this.client = { client_id: options.clientId, token_endpoint_auth_method: 'private_key_jwt' };
  }

  /** Options for oauth4webapi calls: the caller's fetch, plain http only for loopback hosts. */
  http(): {
    [oauth.customFetch]: (url: string, init: oauth.CustomFetchOptions<string, unknown>) => Promise<Response>;
    [oauth.allowInsecureRequests]?: boolean;
  } {
    return {
      [oauth.customFetch]: (url, init) => this.options.fetch(url, init as RequestInit),
      ...(this.options.allowInsecure ? { [oauth.allowInsecureRequests]: true } : {}),
    };
  }

  discovery(): Promise<oauth.AuthorizationServer> {
    this.server ??= (async () => {
      const issuer = this.options.baseUrl;
      const response = await oauth.discoveryRequest(issuer, { ...this.http(), algorithm: 'oidc' });
      return oauth.processDiscoveryResponse(issuer, response);
    })();
    this.server.catch(() => {
      this.server = undefined;
    });
    return this.server;
  }

  dpop(): Promise<oauth.DPoPHandle> {
    this.dpopHandle ??= oauth.generateKeyPair('ES256').then((pair) => oauth.DPoP(this.client, pair));
    return this.dpopHandle;
  }

  private async clientAuth(): Promise<oauth.ClientAuth> {
    const { key, kid } = await this.options.signingKey();
    return oauth.PrivateKeyJwt(kid ? { key, kid } : key);
  }

  /** Runs a token-endpoint exchange, once more if the server asks for a DPoP nonce. */
  private async withNonce<T>(exchange: () => Promise<T>): Promise<T> {
    try {
      return await exchange();
    } catch (error) {
      if (oauth.isDPoPNonceError(error)) return exchange();
      throw error;
    }
  }

  /** A client-credentials access token for `scope`, from the cache while it has life left. */
  clientToken(scope: string): Promise<string> {
    const cached = this.tokens.get(scope);
    const fresh = cached?.then((entry) =>
      entry.expiresAt - this.options.renewBeforeMs > this.options.now() ? entry : undefined,
    );
    return (fresh ?? Promise.resolve(undefined)).then((entry) => {
      if (entry) return entry.token;
      const request = this.requestClientToken(scope);
      this.tokens.set(scope, request);
      request.catch(() => this.tokens.delete(scope));
      return request.then((entry) => entry.token);
    });
  }

  /** Forgets a cached token the server refused (revoked, or the server restarted with new keys). */
  forget(scope: string): void {
    this.tokens.delete(scope);
  }

  private async requestClientToken(scope: string) {
    const as = await this.discovery();
    const auth = await this.clientAuth();
    const DPoP = await this.dpop();
    const result = await this.withNonce(async () => {
      const response = await oauth.clientCredentialsGrantRequest(
        as,
        this.client,
        auth,
        { scope },
        {
          ...this.http(),
          DPoP,
        },
      );
      return oauth.processClientCredentialsResponse(as, this.client, response);
    });
    return { token: result.access_token, expiresAt: this.options.now() + (result.expires_in ?? 60) * 1000 };
  }

  /** Pushes the authorization request of a consent (PAR, PKCE S256, `authorization_details`). */
  async authorize(input: {
    consentId: string;
    scope: string;
    redirectUri: string;
    locale?: string;
  }): Promise<PendingAuthorization> {
    const as = await this.discovery();
    const codeVerifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const parameters: Record<string, string> = {
      response_type: 'code',
      redirect_uri: input.redirectUri,
      scope: input.scope,
      code_challenge: await oauth.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      authorization_details: JSON.stringify([{ type: 'consent', consent_id: input.consentId }]),
      ...(input.locale ? { ui_locales: input.locale } : {}),
    };
    const auth = await this.clientAuth();
    const DPoP = await this.dpop();
    const par = await this.withNonce(async () => {
      const response = await oauth.pushedAuthorizationRequest(as, this.client, auth, parameters, {
        ...this.http(),
        DPoP,
      });
      return oauth.processPushedAuthorizationResponse(as, this.client, response);
    });
    const url = new URL(as.authorization_endpoint!);
    url.searchParams.set('client_id', this.client.client_id);
    url.searchParams.set('request_uri', par.request_uri);
    const pending = { url, state, codeVerifier, redirectUri: input.redirectUri };
    this.pending.set(state, pending);
    return pending;
  }

  /** Exchanges the code of the callback URL (state and `iss` checked) for DPoP-bound tokens. */
  async exchangeCode(callbackUrl: string | URL, pending?: PendingAuthorization): Promise<CustomerTokens> {
    const url = new URL(callbackUrl);
    const state = url.searchParams.get('state') ?? '';
    const request = pending ?? this.pending.get(state);
    if (!request) {
      throw new TypeError(
        'exchangeCode: no authorization request of this client has this state; pass the object authorize() returned.',
      );
    }
    const as = await this.discovery();
    const params = oauth.validateAuthResponse(as, this.client, url, request.state);
    this.pending.delete(request.state);
    const auth = await this.clientAuth();
    const DPoP = await this.dpop();
    const result = await this.withNonce(async () => {
      const response = await oauth.authorizationCodeGrantRequest(
        as,
        this.client,
        auth,
        params,
        request.redirectUri,
        request.codeVerifier,
        { ...this.http(), DPoP },
      );
      return oauth.processAuthorizationCodeResponse(as, this.client, response);
    });
    return this.tokensOf(result);
  }

  /** New tokens from a refresh token. */
  async refresh(refreshToken: string): Promise<CustomerTokens> {
    const as = await this.discovery();
    const auth = await this.clientAuth();
    const DPoP = await this.dpop();
    const result = await this.withNonce(async () => {
      const response = await oauth.refreshTokenGrantRequest(as, this.client, auth, refreshToken, {
        ...this.http(),
        DPoP,
      });
      return oauth.processRefreshTokenResponse(as, this.client, response);
    });
    const tokens = this.tokensOf(result);
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  }

  private tokensOf(result: oauth.TokenEndpointResponse): CustomerTokens {
    return {
      accessToken: result.access_token,
      refreshToken: result.refresh_token,
      expiresAt: this.options.now() + (result.expires_in ?? 60) * 1000,
      scope: result.scope,
    };
  }
}
