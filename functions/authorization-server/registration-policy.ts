import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { REGISTRABLE_SCOPES } from '#domain/scopes.ts';

const GRANT_TYPES = new Set(['authorization_code', 'refresh_token', 'client_credentials']);

/**
 * What a partner may register (RFC 7591) with the initial access token: FAPI 2.0 clients
 * only (private_key_jwt with its own keys, code flow) and no bank-internal scope.
 */
export function partnerRegistrationPolicy(
  _ctx: KoaContextWithOIDC,
  properties: Record<string, unknown>,
): void {
  const invalid = (message: string) => {
    throw new errors.InvalidClientMetadata(message);
  };
  if (properties.token_endpoint_auth_method !== 'private_key_jwt') {
    invalid("token_endpoint_auth_method must be 'private_key_jwt' (FAPI 2.0)");
  }
  if (!properties.jwks && !properties.jwks_uri) invalid('register your public keys in jwks (or jwks_uri)');
  const scopes = String(properties.scope ?? '')
    .split(' ')
    .filter(Boolean);
  if (scopes.length === 0) invalid("scope is required, e.g. 'accounts payments'");
  const refused = scopes.filter((scope) => !REGISTRABLE_SCOPES.has(scope));
  if (refused.length) invalid(`scope not available through registration: ${refused.join(' ')}`);
  const grants = (properties.grant_types as string[] | undefined) ?? ['authorization_code'];
  const unknown = grants.filter((grant) => !GRANT_TYPES.has(grant));
  if (unknown.length) invalid(`grant_types not supported: ${unknown.join(', ')}`);
  const responseTypes = (properties.response_types as string[] | undefined) ?? ['code'];
  if (responseTypes.some((type) => type !== 'code')) invalid("response_types must be ['code']");
}
