/** The authorization server's issuer (also the base of the public API). */
export function issuer(): string {
  const base = process.env.ISSUER ?? process.env.PUBLIC_BASE_URL;
  if (!base) throw new Error('Set ISSUER or PUBLIC_BASE_URL');
  return base.replace(/\/$/, '');
}

/** The resource indicator (and JWT `aud`) of the open-banking API. */
export function apiAudience(): string {
  return `${issuer()}/v1`;
}

/** The JWKS URL resource servers verify access tokens against. */
export function jwksUrl(): string {
  return `${issuer()}/oauth2/jwks`;
}
