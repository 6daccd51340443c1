import Provider, {
  type AuthorizationDetail,
  type Configuration,
  errors,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { API_SCOPES } from '#domain/scopes.ts';
import { documentKeys } from '#runtime/document-keys.ts';
import { apiAudience, issuer } from '#runtime/issuer.ts';
import { logger } from '#runtime/logger.ts';
import { DynamoOidcAdapter } from '#store/oidc-adapter.ts';
import { renderErrorPage } from '#web-pages/error-page.ts';
import { consentDetailType, grantedConsent, requireConsentDetail } from './consent-authorization-details.ts';
import { InitialAccessTokens } from './initial-access-token.ts';
import { registrationPolicies } from './registration-policy.ts';
import { loadSigningMaterial, type SigningMaterial } from './signing-keys.ts';

const ACCESS_TOKEN_TTL = 300;
const MAX_CONSENT_GRANT_TTL = 90 * 24 * 3600;

let instance: Promise<Provider> | undefined;

/** The authorization server, built once per cold start (keys are loaded then). */
export function getProvider(): Promise<Provider> {
  instance ??= buildProvider().catch((error) => {
    instance = undefined;
    throw error;
  });
  return instance;
}

async function buildProvider(): Promise<Provider> {
  const [material, documents] = await Promise.all([loadSigningMaterial(), documentKeys()]);
  // The document key (receipts, checkout results) is published in the same JWKS under its own
  // kid; the provider never signs with it, since it signs tokens with ES256 and PS256 only.
  const jwks = { keys: [...material.jwks.keys, ...documents.keys] };
  const provider = new Provider(issuer(), configuration({ ...material, jwks }));
  // Never trust X-Forwarded-*: every URL comes from the configured issuer (see app.ts).
  provider.proxy = false;
  provider.on('server_error', (_ctx, error) => logger.error('authorization server error', { error }));
  return provider;
}

/** Seconds until the granted consent expires, capped; refresh tokens never outlive the consent. */
function consentLifetime(rar: unknown): number {
  const expiresAt = grantedConsent(rar)?.expires_at;
  if (!expiresAt) return MAX_CONSENT_GRANT_TTL;
  const seconds = Math.floor((Date.parse(expiresAt) - Date.now()) / 1000);
  return Math.max(1, Math.min(seconds, MAX_CONSENT_GRANT_TTL));
}

/** The authorization details stored on a grant source or token. */
function granted(source: unknown): AuthorizationDetail[] | undefined {
  return (source as { rar?: AuthorizationDetail[] } | undefined)?.rar;
}

function configuration({ jwks, cookieKeys }: SigningMaterial): Configuration {
  const audience = apiAudience();
  return {
    adapter: (name: string) =>
      name === 'InitialAccessToken' ? new InitialAccessTokens() : new DynamoOidcAdapter(name),
    jwks: jwks as Configuration['jwks'],
    cookies: { keys: cookieKeys, long: { signed: true }, short: { signed: true } },
    scopes: ['openid', 'offline_access', ...API_SCOPES],
    claims: { openid: ['sub'] },
    responseTypes: ['code'],
    clientAuthMethods: ['private_key_jwt'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'ES256',
      id_token_signed_response_alg: 'ES256',
      dpop_bound_access_tokens: true,
      authorization_details_types: ['consent'],
    } as Configuration['clientDefaults'],
    enabledJWA: {
      clientAuthSigningAlgValues: ['ES256', 'PS256'],
      dPoPSigningAlgValues: ['ES256', 'PS256'],
      idTokenSigningAlgValues: ['ES256', 'PS256'],
      requestObjectSigningAlgValues: ['ES256', 'PS256'],
      authorizationSigningAlgValues: ['ES256', 'PS256'],
      introspectionSigningAlgValues: ['ES256', 'PS256'],
    },
    pkce: { required: () => true },
    features: {
      fapi: { enabled: true, profile: '2.0' },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: true },
      dPoP: { enabled: true },
      clientCredentials: { enabled: true },
      // A client learns about its own tokens only: another's answers inactive, whatever it holds
      // (the default lets any confidential client read any token's customer, consent and accounts).
      introspection: {
        enabled: true,
        allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId,
      },
      revocation: { enabled: true },
      devInteractions: { enabled: false },
      // RFC 7591 with partners' initial access tokens, each bound by its policies to a partner
      // kind and scopes; RFC 7592 read, update and delete with the registration access token,
      // which inherits those policies (and is rotated on every update).
      registration: { enabled: true, initialAccessToken: true, policies: registrationPolicies() },
      registrationManagement: { enabled: true },
      richAuthorizationRequests: {
        enabled: true,
        types: { consent: consentDetailType },
        authorizationDetailsForGrantSource: (ctx: KoaContextWithOIDC) => ctx.oidc.grant?.rar,
        authorizationDetailsForAccessToken: (_ctx, _token, source) => granted(source),
        authorizationDetailsForIntrospection: (_ctx, token) => granted(token),
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resourceIndicator) => {
          if (resourceIndicator !== audience)
            throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
          return {
            scope: API_SCOPES.join(' '),
            audience,
            accessTokenTTL: ACCESS_TOKEN_TTL,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'ES256' } },
          };
        },
      },
    },
    routes: {
      authorization: '/oauth2/authorize',
      token: '/oauth2/token',
      jwks: '/oauth2/jwks',
      pushed_authorization_request: '/oauth2/par',
      registration: '/oauth2/register',
      revocation: '/oauth2/revoke',
      introspection: '/oauth2/introspect',
      end_session: '/oauth2/logout',
      userinfo: '/oauth2/userinfo',
    },
    ttl: {
      AuthorizationCode: 60,
      PushedAuthorizationRequest: 60,
      AccessToken: ACCESS_TOKEN_TTL,
      ClientCredentials: ACCESS_TOKEN_TTL,
      IdToken: 300,
      Interaction: 600,
      Session: 600,
      Grant: (_ctx, grant) => consentLifetime((grant as unknown as { rar?: unknown }).rar),
      RefreshToken: (_ctx, token) => consentLifetime((token as unknown as { rar?: unknown }).rar),
    },
    rotateRefreshToken: false,
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') &&
      grantedConsent((code as unknown as { rar?: unknown }).rar)?.consent_kind === 'account-access',
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    // Every authorization names the one consent it is for (its RAR type checks which): without
    // one, a request would be answered from whatever the session's grant already held.
    extraParams: { ui_locales: null, authorization_details: requireConsentDetail },
    // A grant is reused only when this very interaction made it: every authorization request goes
    // through the consent step for its own consent, never answered silently from an earlier grant.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderErrorPage(out, ctx.oidc?.params?.ui_locales);
    },
  };
}
