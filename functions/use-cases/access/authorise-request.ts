import type { Caller } from '#domain/caller.ts';
import { type Consent, effectiveStatus } from '#domain/consent.ts';
import { DomainError, forbidden } from '#domain/errors.ts';
import type { CallerPolicy } from '#routing/routes.ts';
import { readConsentWithAccounts } from '#store/consent-reads.ts';
import { idempotencyRecordKey } from '#store/idempotency.ts';
import { type AccessTokenClaims, tokenHash, unauthenticated, verifyAccessToken } from './access-token.ts';
import {
  type CheckedProof,
  checkDpopProof,
  type PendingProof,
  pendingProof,
  recordPendingProof,
  recordProof,
} from './dpop-proof.ts';

/** What the resource server needs of a request to know its caller. */
export interface AccessRequest {
  /** The `Authorization` header. */
  authorization: string | undefined;
  /** The `DPoP` header. */
  dpop: string | undefined;
  method: string;
  /** The public URL the client used, for the proof's `htu`. */
  url: URL;
  /** The path's parameters (`AccountId`), for the accounts a route reads with its consent. */
  params?: Record<string, string>;
  /** A well-formed `x-idempotency-key` whose record is read with the consent (in-transaction keys). */
  idempotencyKey?: string;
}

/** The caller, and what was read or deferred with it. */
export interface Authorisation {
  caller: Caller;
  /** The proof, when the route's use case records it in its own transaction (`proof: 'use-case'`). */
  proof?: PendingProof;
  /** The idempotency record under the request's key, as read with the consent (absent: none). */
  idempotencyRecord?: Record<string, unknown>;
}

/** Most accounts read with a consent in its one round trip; a consent with more reads the rest later. */
const MAX_ACCOUNTS_WITH_CONSENT = 20;

/**
 * Resource-server protection for one route, in the order a client fixes things: a DPoP-bound
 * JWT access token, its DPoP proof, the scope, whose token it is, and for customer tokens the
 * consent, which must be in a status the route accepts (a revoked or expired consent stops
 * access at once, whatever the token's lifetime) and of the route's kind.
 *
 * Every check that needs no storage runs first; then ONE round trip: the proof's `jti` is
 * recorded while the consent and the accounts the route names are read (one `BatchGetItem`),
 * and the caller is known only once both have succeeded (a replayed proof is a 401 whatever
 * the read found).
 */
export async function authoriseRequest(request: AccessRequest, policy: CallerPolicy): Promise<Authorisation> {
  const [scheme, token, ...rest] = (request.authorization ?? '').split(' ');
  if (!scheme || !token || rest.length) {
    throw unauthenticated("send 'Authorization: DPoP <access token>' with a DPoP proof");
  }
  if (scheme.toLowerCase() !== 'dpop') {
    throw unauthenticated("access tokens here are DPoP-bound: use the 'DPoP' scheme, not Bearer");
  }
  const claims = await verifyAccessToken(token);
  const proof = await checkDpopProof({
    proof: request.dpop,
    method: request.method,
    url: request.url,
    accessToken: token,
    boundJkt: claims.cnf!.jkt!,
  });
  const caller: Caller = {
    clientId: claims.client_id,
    scopes: (claims.scope ?? '').split(' ').filter(Boolean),
    tokenId: await tokenHash(token),
  };
  let consentId: string;
  try {
    consentId = checkGrant(claims, caller.scopes, policy);
  } catch (refusal) {
    // The proof is spent all the same: a replayed one is a 401, whatever else is wrong.
    await recordProof(proof);
    throw refusal;
  }
  if (policy.token === 'client') {
    await recordProof(proof);
    return { caller };
  }
  const deferred = policy.proof === 'use-case' ? pendingProof(proof) : undefined;
  const recordKey = request.idempotencyKey
    ? idempotencyRecordKey(caller.clientId, request.idempotencyKey)
    : undefined;
  const { consent, accounts, others } = await recordWhileReading(
    deferred ? undefined : proof,
    consentId,
    accountsToRead(claims, policy, request.params),
    recordKey,
  );
  const idempotencyRecord = recordKey && others.get(`${recordKey.pk}|${recordKey.sk}`);
  const authorised = {
    ...(deferred ? { proof: deferred } : {}),
    ...(idempotencyRecord ? { idempotencyRecord } : {}),
  };
  try {
    checkConsent(consent, claims, policy);
  } catch (refusal) {
    // The use case will not run: the proof is spent here, and a replayed one is a 401.
    if (deferred) await recordPendingProof(deferred);
    throw refusal;
  }
  return { caller: { ...caller, customerId: claims.sub!, consent: consent!, accounts }, ...authorised };
}

/** The consent must be the token's, in a status the route accepts, and of the route's kind. */
function checkConsent(consent: Consent | undefined, claims: AccessTokenClaims, policy: CallerPolicy): void {
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
}

/** Scope and grant type, from the token alone; the consent id for customer routes ('' for client routes). */
function checkGrant(claims: AccessTokenClaims, scopes: string[], policy: CallerPolicy): string {
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
  if (policy.token === 'client') {
    if (isCustomerToken) {
      throw forbidden(
        'VN.OB.Auth.WrongGrant',
        'this route takes a client-credentials token, not a customer token',
      );
    }
    return '';
  }
  if (!isCustomerToken || !consentDetail?.consent_id) {
    throw forbidden(
      'VN.OB.Auth.WrongGrant',
      "this route takes a customer's token from the authorization-code flow bound to a consent",
    );
  }
  return consentDetail.consent_id;
}

/**
 * The accounts to read with the consent, as the route's policy says: the path's `{AccountId}`
 * or all of the token's, and only ids the token names (an id from the path that the token
 * does not name is never read here; the consent then decides, with a read of its own if it
 * covers it after all).
 */
function accountsToRead(
  claims: AccessTokenClaims,
  policy: CallerPolicy,
  params: Record<string, string> = {},
): string[] {
  const named = claims.authorization_details?.find((d) => d.type === 'consent')?.account_ids ?? [];
  const wanted = policy.consent?.accounts;
  if (wanted === 'token') {
    const creditor = claims.authorization_details?.find((d) => d.type === 'consent')?.creditor_account_id;
    return [...named, ...(creditor ? [creditor] : [])].slice(0, MAX_ACCOUNTS_WITH_CONSENT);
  }
  if (wanted === 'path' && params.AccountId && named.includes(params.AccountId)) return [params.AccountId];
  return [];
}

/**
 * Records the proof's `jti` (unless the use case will) and reads the consent with its accounts
 * (and the key's record), in parallel; answers when both have. The request's one round trip
 * (exported for the auth benchmark, which times it as a piece).
 */
export async function recordWhileReading(
  proof: CheckedProof | undefined,
  consentId: string,
  accountIds: string[],
  recordKey: { pk: string; sk: string } | undefined,
) {
  const [recorded, read] = await Promise.allSettled([
    proof ? recordProof(proof) : undefined,
    readConsentWithAccounts(consentId, accountIds, recordKey ? [recordKey] : []),
  ]);
  if (recorded.status === 'rejected') throw recorded.reason;
  if (read.status === 'rejected') throw read.reason;
  return read.value;
}
