import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import { sha256 } from '#domain/digest.ts';
import { DomainError } from '#domain/errors.ts';
import { apiAudience, issuer, jwksUrl } from '#runtime/issuer.ts';

/** The claims of a verified access token this API relies on. */
export interface AccessTokenClaims extends JWTPayload {
  client_id: string;
  scope?: string;
  cnf?: { jkt?: string };
  authorization_details?: Array<{
    type: string;
    consent_id?: string;
    consent_kind?: string;
    /** The accounts the customer chose for the consent (read with it; the consent decides). */
    account_ids?: string[];
    /** A payment consent's payee at this bank, when it has one. */
    creditor_account_id?: string;
  }>;
}

/** 401 with an `invalid_token` challenge. */
export const unauthenticated = (message: string, cause?: unknown) =>
  new DomainError('unauthenticated', 'VN.OB.Auth.InvalidToken', message, {
    challenge: 'invalid_token',
    cause,
  });

const MAX_CACHED = 10_000;
const verified = new Map<string, AccessTokenClaims>();
let jwks: { url: string; keys: ReturnType<typeof createRemoteJWKSet> } | undefined;

function keySet() {
  const url = jwksUrl();
  if (jwks?.url !== url) jwks = { url, keys: createRemoteJWKSet(new URL(url), { cacheMaxAge: 10 * 60_000 }) };
  return jwks.keys;
}

/** The last token hashed: a request hashes its token three times (cache key, DPoP `ath`, token id). */
let lastHashed: { token: string; hash: Promise<string> } | undefined;

/** SHA-256 of the token, base64url: the cache key and DPoP `ath`. */
export function tokenHash(token: string): Promise<string> {
  if (token !== lastHashed?.token) lastHashed = { token, hash: sha256(token, 'base64url') };
  return lastHashed.hash;
}

/** Whether claims verified before still hold at `now` (ms): `exp` passed, `nbf` not yet reached. */
function inTime(claims: AccessTokenClaims, now: number): boolean {
  return (claims.exp ?? 0) * 1000 > now && (claims.nbf === undefined || claims.nbf * 1000 <= now);
}

/**
 * Verifies a JWT access token from our authorization server (signature against the cached
 * JWKS, `typ`, issuer, audience, expiry). A verified token's claims are remembered by the hash
 * of its exact text (another byte anywhere is another token, verified in full), so repeat
 * calls skip the signature check; its times are checked again on every call, so a remembered
 * token is never accepted outside its validity.
 */
export async function verifyAccessToken(token: string, now = Date.now()): Promise<AccessTokenClaims> {
  const key = await tokenHash(token);
  const cached = verified.get(key);
  if (cached) {
    if (inTime(cached, now)) return cached;
    if ((cached.exp ?? 0) * 1000 <= now) verified.delete(key);
    throw unauthenticated('access token rejected: it has expired or is not valid yet');
  }
  let claims: AccessTokenClaims;
  try {
    const result = await jwtVerify<AccessTokenClaims>(token, keySet(), {
      issuer: issuer(),
      audience: apiAudience(),
      typ: 'at+jwt',
      algorithms: ['ES256', 'PS256'],
      requiredClaims: ['exp', 'client_id'],
      currentDate: new Date(now),
    });
    claims = result.payload;
  } catch (cause) {
    throw unauthenticated(`access token rejected: ${(cause as Error).message}`, cause);
  }
  if (!claims.cnf?.jkt) {
    throw unauthenticated('access token is not DPoP-bound; request a DPoP-bound token');
  }
  if (verified.size >= MAX_CACHED) verified.delete(verified.keys().next().value as string);
  verified.set(key, claims);
  return claims;
}
