import type { Caller } from '#domain/caller.ts';
import { effectiveStatus } from '#domain/consent.ts';
import { DomainError, forbidden } from '#domain/errors.ts';
import type { CallerPolicy } from '#routing/routes.ts';
import { getConsent } from '#store/consents.ts';
import { tokenHash, unauthenticated, verifyAccessToken } from './access-token.ts';
import { verifyDpopProof } from './dpop-proof.ts';

/** What the resource server needs of a request to know its caller. */
export interface AccessRequest {
  /** The `Authorization` header. */
  authorization: string | undefined;
  /** The `DPoP` header. */
  dpop: string | undefined;
  method: string;
  /** The public URL the client used, for the proof's `htu`. */
  url: URL;
}

/**
 * Resource-server protection for one route, in the order a client fixes things: a DPoP-bound
 * JWT access token, its DPoP proof, the scope, whose token it is, and for customer tokens the
 * consent, which must be in a status the route accepts (a revoked or expired consent stops
 * access at once, whatever the token's lifetime) and of the route's kind.
 */
export async function authoriseRequest(request: AccessRequest, policy: CallerPolicy): Promise<Caller> {
  const [scheme, token, ...rest] = (request.authorization ?? '').split(' ');
  if (!scheme || !token || rest.length) {
    throw unauthenticated("send 'Authorization: DPoP <access token>' with a DPoP proof");
  }
  if (scheme.toLowerCase() !== 'dpop') {
    throw unauthenticated("access tokens here are DPoP-bound: use the 'DPoP' scheme, not Bearer");
  }
  const claims = await verifyAccessToken(token);
  await verifyDpopProof({
    proof: request.dpop,
    method: request.method,
    url: request.url,
    accessToken: token,
    boundJkt: claims.cnf!.jkt!,
  });

  const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
  if (!policy.scopes.some((scope) => scopes.includes(scope))) {
    throw new DomainError(
      'forbidden',
      'VN.OB.Auth.InsufficientScope',
      `this route needs scope ${policy.scopes.join(' or ')}`,
      { challenge: 'insufficient_scope', scopes: policy.scopes },
    );
  }
  const consentDetail = claims.authorization_details?.find((d) => d.type === 'consent');
  const isCustomerToken = Boolean(consentDetail) && claims.sub !== claims.client_id;
  const caller: Caller = { clientId: claims.client_id, scopes, tokenId: tokenHash(token) };
  if (policy.token === 'client') {
    if (isCustomerToken) {
      throw forbidden(
        'VN.OB.Auth.WrongGrant',
        'this route takes a client-credentials token, not a customer token',
      );
    }
    return caller;
  }
  if (!isCustomerToken || !consentDetail?.consent_id) {
    throw forbidden(
      'VN.OB.Auth.WrongGrant',
      "this route takes a customer's token from the authorization-code flow bound to a consent",
    );
  }
  const consent = await getConsent(consentDetail.consent_id);
  if (!consent || consent.clientId !== claims.client_id || consent.customerId !== claims.sub) {
    throw forbidden('VN.OB.Consent.Invalid', 'the consent behind this token does not exist');
  }
  const status = effectiveStatus(consent, new Date());
  if (!(policy.consent?.statuses ?? ['Authorised']).includes(status)) {
    throw forbidden(
      `VN.OB.Consent.${status}`,
      `the consent behind this token is ${status}; ask the customer again`,
    );
  }
  if (policy.consent && consent.kind !== policy.consent.kind) {
    throw forbidden(
      'VN.OB.Consent.WrongKind',
      policy.consent.kind === 'account-access'
        ? 'this token was granted for a payment, not for account access'
        : 'this token was granted for account access, not for a payment',
    );
  }
  return { ...caller, customerId: claims.sub!, consent };
}
