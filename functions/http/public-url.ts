import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The URL the client called, for `Links.Self` and the DPoP proof's `htu`. Its origin (and the
 * stage path behind the default execute-api URL) comes from configuration only:
 * `PUBLIC_BASE_URL` (a custom domain, or the local gateway's origin), else `ISSUER` (which CDK
 * sets to the stage's own URL). Never from `Host` or `X-Forwarded-*`: a client that could
 * choose them would choose the origin its DPoP proofs are checked against and the links the
 * API hands to others.
 */
export function publicUrl(event: APIGatewayProxyEvent): URL {
  const base = process.env.PUBLIC_BASE_URL ?? process.env.ISSUER;
  if (!base) throw new Error('Set PUBLIC_BASE_URL or ISSUER: the public URL comes from configuration only');
  const url = new URL(base.replace(/\/$/, '') + event.path);
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    for (const value of values ?? []) url.searchParams.append(name, value);
  }
  return url;
}
