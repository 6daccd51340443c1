import { verifyAccessToken } from './access-token.ts';

/**
 * The client a request comes from, by its access token (`Authorization: DPoP <token>`), verified
 * as the resource server verifies it (signature, issuer, audience, expiry, DPoP binding) and
 * cached by token hash, so the handler's own check that follows costs no second verification.
 * Undefined when there is no such token: the request is then answered by the resource server's
 * 401, and counted against no client. Used to count a request against its client's limits, by
 * the Lambda authorizer in AWS and by the local gateway; no storage is read.
 */
export async function identifyClient(authorization: string | undefined): Promise<string | undefined> {
  const [scheme, token, ...rest] = (authorization ?? '').split(' ');
  if (!scheme || !token || rest.length > 0 || scheme.toLowerCase() !== 'dpop') return undefined;
  try {
    return (await verifyAccessToken(token)).client_id;
  } catch {
    return undefined;
  }
}
