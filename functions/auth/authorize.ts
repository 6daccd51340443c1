import { effectiveStatus } from '#domain/consent.ts';
import { ForbiddenError, UnauthorizedError } from '#http/errors.ts';
import type { ApiMiddleware } from '#http/handler.ts';
import type { Caller } from '#http/request.ts';
import { getConsent } from '#store/consents.ts';
import { tokenHash, verifyAccessToken } from './access-token.ts';
import { verifyDpopProof } from './dpop-proof.ts';
import type { ApiScope } from './scopes.ts';

export interface AuthorizeOptions {
  /** Any one of these scopes grants access. */
  scopes: ApiScope[];
  /**
   * Whose token the route takes: the client's own (client credentials, e.g. creating a
   * consent) or a customer's (authorization code bound to an Authorised consent).
   */
  subject: 'client' | 'customer';
}

/**
 * Resource-server protection for one route: DPoP-bound JWT access token, DPoP proof, scope,
 * and for customer tokens the consent, which must still be Authorised (a revoked or expired
 * consent stops access at once, whatever the token's lifetime).
 */
export function authorize(options: AuthorizeOptions): ApiMiddleware {
  if (options.scopes.length === 0) throw new TypeError('authorize() needs at least one scope');
  return {
    before: async function checkAccess(request) {
      const api = request.context.api;
      const [scheme, token, ...rest] = (api.headers.authorization ?? '').split(' ');
      if (!scheme || !token || rest.length) {
        throw new UnauthorizedError(
          'invalid_token',
          "send 'Authorization: DPoP <access token>' with a DPoP proof",
        );
      }
      if (scheme.toLowerCase() !== 'dpop') {
        throw new UnauthorizedError(
          'invalid_token',
          "access tokens here are DPoP-bound: use the 'DPoP' scheme, not Bearer",
        );
      }
      const claims = await verifyAccessToken(token);
      await verifyDpopProof({
        proof: api.headers.dpop,
        method: request.event.httpMethod,
        url: api.url,
        accessToken: token,
        boundJkt: claims.cnf!.jkt!,
      });

      const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
      if (!options.scopes.some((scope) => scopes.includes(scope))) {
        throw new ForbiddenError(
          'VN.OB.Auth.InsufficientScope',
          `this route needs scope ${options.scopes.join(' or ')}`,
          {
            headers: {
              'WWW-Authenticate': `DPoP error="insufficient_scope", scope="${options.scopes.join(' ')}"`,
            },
          },
        );
      }
      const consentDetail = claims.authorization_details?.find((d) => d.type === 'consent');
      const isCustomerToken = Boolean(consentDetail) && claims.sub !== claims.client_id;
      const caller: Caller = { clientId: claims.client_id, scopes, tokenId: tokenHash(token) };

      if (options.subject === 'client') {
        if (isCustomerToken) {
          throw new ForbiddenError(
            'VN.OB.Auth.WrongGrant',
            'this route takes a client-credentials token, not a customer token',
          );
        }
      } else {
        if (!isCustomerToken || !consentDetail?.consent_id) {
          throw new ForbiddenError(
            'VN.OB.Auth.WrongGrant',
            "this route takes a customer's token from the authorization-code flow bound to a consent",
          );
        }
        const consent = await getConsent(consentDetail.consent_id);
        if (!consent || consent.clientId !== claims.client_id || consent.customerId !== claims.sub) {
          throw new ForbiddenError('VN.OB.Consent.Invalid', 'the consent behind this token does not exist');
        }
        const status = effectiveStatus(consent, new Date());
        if (status !== 'Authorised') {
          throw new ForbiddenError(
            `VN.OB.Consent.${status}`,
            `the consent behind this token is ${status}; ask the customer again`,
          );
        }
        caller.customerId = claims.sub!;
        caller.consent = consent;
      }
      api.caller = caller;
    },
  };
}
