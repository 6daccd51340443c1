/**
 * The one route table, with each route's policy. The CDK stack builds the REST API and one
 * Lambda per handler from it (with the grants `access` declares); the local gateway dispatches
 * to the same handler modules; the HTTP chain (`functions/http/api-handler.ts`) reads the
 * matched route's policy to parse, authorise and apply idempotency, so handlers repeat none of it.
 * Plain data only: CDK and every handler bundle import it without pulling in any other code.
 */
import type { ConsentKind, ConsentStatus } from '#domain/consent.ts';
import type { ApiScope } from '#domain/scopes.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler's Lambda may touch; CDK turns it into least-privilege grants. */
export interface RouteAccess {
  table?: 'read' | 'readwrite';
  /** Records DPoP proof ids (replay protection): every route with a `caller` policy. */
  dpopReplay?: boolean;
  /** Reads the provider's signing keys (Secrets Manager in AWS, `.data/` locally). */
  signingKeys?: boolean;
}

/** Who may call a protected route: checked by the chain before the handler runs. */
export interface CallerPolicy {
  /** The client's own token (client credentials) or a customer's (authorization code bound to a consent). */
  token: 'client' | 'customer';
  /** Any one of these scopes grants access. */
  scopes: readonly ApiScope[];
  /** Customer tokens: the consent's kind and the statuses in which it still opens this route. */
  consent?: { kind: ConsentKind; statuses: readonly ConsentStatus[] };
}

/**
 * `x-idempotency-key` on this route. `required`: scoped per authenticated client; `optional`:
 * the sandbox bank app, which has no client, keys on a fixed owner when the header is sent.
 * `storedBy: 'use-case'`: the use case writes the answer inside its own transaction (money
 * moved together with the answer); otherwise the chain stores the answer after the handler.
 */
interface IdempotencyPolicy {
  key: 'required' | 'optional';
  storedBy: 'chain' | 'use-case';
  /** Owner of keys sent without an authenticated client (`optional` keys only). */
  owner?: string;
}

/** What a route accepts besides its path: a JSON object, a form, or no body; its query parameters. */
export type BodyKind = 'json' | 'none' | 'form';

export interface Route {
  method: HttpMethod;
  /** API Gateway resource path: `{Name}` parameters, `{proxy+}` greedy tail. */
  path: string;
  /** Module under `functions/`, without extension, exporting `handler`. */
  handler: string;
  /** Absent: public, or the route authenticates its caller itself (the authorization server, pages). */
  caller?: CallerPolicy;
  idempotency?: IdempotencyPolicy;
  body?: BodyKind;
  query?: readonly string[];
  access?: RouteAccess;
  /** Exists only when the platform runs in sandbox mode. */
  sandboxOnly?: boolean;
}

const read: RouteAccess = { table: 'read' };
const readwrite: RouteAccess = { table: 'readwrite' };
/** Protected reads still write one item: the DPoP proof's jti. */
const protectedRead: RouteAccess = { table: 'read', dpopReplay: true };
const protectedWrite: RouteAccess = { table: 'readwrite', dpopReplay: true };
const authorizationServer: RouteAccess = { table: 'readwrite', signingKeys: true };

const client = (...scopes: ApiScope[]): CallerPolicy => ({ token: 'client', scopes });
const customer = (
  kind: ConsentKind,
  scope: ApiScope,
  statuses: ConsentStatus[] = ['Authorised'],
): CallerPolicy => ({
  token: 'customer',
  scopes: [scope],
  consent: { kind, statuses },
});
const keyed: IdempotencyPolicy = { key: 'required', storedBy: 'chain' };
const keyedInTransaction: IdempotencyPolicy = { key: 'required', storedBy: 'use-case' };

const consents = '/v1/aisp/account-access-consents';
const accounts = '/v1/aisp/accounts';
const cashSessions = '/v1/cash/sessions';
const paymentConsents = '/v1/pisp/domestic-payment-consents';
const payments = '/v1/pisp/domestic-payments';
const authServer = (method: HttpMethod, path: string): Route => ({
  method,
  path,
  handler: 'handlers/oauth/authorization-server',
  access: authorizationServer,
});

export const routes: Route[] = [
  { method: 'GET', path: '/v1/health', handler: 'handlers/system/health', access: read },
  { method: 'GET', path: '/v1/banks', handler: 'handlers/system/list-banks' },
  { method: 'GET', path: '/openapi.json', handler: 'handlers/system/openapi-document' },
  { method: 'GET', path: '/docs', handler: 'handlers/system/docs-page' },
  { method: 'GET', path: '/docs/redoc.standalone.js', handler: 'handlers/system/docs-page' },

  authServer('GET', '/.well-known/openid-configuration'),
  authServer('GET', '/oauth2/{proxy+}'),
  authServer('POST', '/oauth2/{proxy+}'),
  authServer('GET', '/interaction/{proxy+}'),
  authServer('POST', '/interaction/{proxy+}'),

  {
    method: 'POST',
    path: consents,
    handler: 'handlers/aisp/create-account-access-consent',
    caller: client('accounts'),
    idempotency: keyed,
    body: 'json',
    access: protectedWrite,
  },
  {
    method: 'GET',
    path: `${consents}/{ConsentId}`,
    handler: 'handlers/aisp/get-account-access-consent',
    caller: client('accounts'),
    access: protectedRead,
  },
  {
    method: 'DELETE',
    path: `${consents}/{ConsentId}`,
    handler: 'handlers/aisp/delete-account-access-consent',
    caller: client('accounts'),
    access: protectedWrite,
  },
  {
    method: 'GET',
    path: accounts,
    handler: 'handlers/aisp/list-accounts',
    caller: customer('account-access', 'accounts'),
    access: protectedRead,
  },
  {
    method: 'GET',
    path: `${accounts}/{AccountId}`,
    handler: 'handlers/aisp/get-account',
    caller: customer('account-access', 'accounts'),
    access: protectedRead,
  },
  {
    method: 'GET',
    path: `${accounts}/{AccountId}/balances`,
    handler: 'handlers/aisp/get-balances',
    caller: customer('account-access', 'accounts'),
    access: protectedRead,
  },
  {
    method: 'GET',
    path: `${accounts}/{AccountId}/transactions`,
    handler: 'handlers/aisp/list-transactions',
    caller: customer('account-access', 'accounts'),
    query: ['fromBookingDateTime', 'toBookingDateTime', 'pageSize', 'page'],
    access: protectedRead,
  },

  {
    method: 'POST',
    path: '/v1/qr/vietqr',
    handler: 'handlers/qr/create-vietqr',
    caller: client('bills', 'payments'),
    body: 'json',
    access: protectedRead,
  },
  {
    method: 'POST',
    path: '/v1/qr/decode',
    handler: 'handlers/qr/decode',
    caller: client('bills', 'payments', 'cash'),
    body: 'json',
    access: protectedRead,
  },

  {
    method: 'POST',
    path: paymentConsents,
    handler: 'handlers/pisp/create-domestic-payment-consent',
    caller: client('payments'),
    idempotency: keyed,
    body: 'json',
    access: protectedWrite,
  },
  {
    method: 'GET',
    path: `${paymentConsents}/{ConsentId}`,
    handler: 'handlers/pisp/get-domestic-payment-consent',
    caller: client('payments'),
    access: protectedRead,
  },
  {
    method: 'GET',
    path: `${paymentConsents}/{ConsentId}/funds-confirmation`,
    handler: 'handlers/pisp/get-funds-confirmation',
    caller: client('payments'),
    access: protectedRead,
  },
  {
    method: 'POST',
    path: payments,
    handler: 'handlers/pisp/create-domestic-payment',
    // A retry of the payment that consumed its consent must reach the idempotency check, which
    // replays that payment; any other request on a Consumed consent is refused by the use case.
    caller: customer('domestic-payment', 'payments', ['Authorised', 'Consumed']),
    idempotency: keyedInTransaction,
    body: 'json',
    access: protectedWrite,
  },
  {
    method: 'GET',
    path: `${payments}/{DomesticPaymentId}`,
    handler: 'handlers/pisp/get-domestic-payment',
    caller: client('payments'),
    access: protectedRead,
  },

  {
    method: 'POST',
    path: cashSessions,
    handler: 'handlers/cash/create-session',
    caller: client('cash'),
    idempotency: keyed,
    body: 'json',
    access: protectedWrite,
  },
  {
    method: 'GET',
    path: `${cashSessions}/{SessionId}`,
    handler: 'handlers/cash/get-session',
    caller: client('cash'),
    access: protectedRead,
  },
  {
    method: 'POST',
    path: '/v1/cash/withdrawals',
    handler: 'handlers/cash/report-withdrawal',
    caller: client('cash'),
    idempotency: keyedInTransaction,
    body: 'json',
    access: protectedWrite,
  },

  // The customer's own sharing page (Circular 64): a signed-in session cookie, not OAuth.
  {
    method: 'GET',
    path: '/account/consents',
    handler: 'handlers/customer/sharing-page',
    query: ['lang', 'error'],
    access: read,
  },
  {
    method: 'POST',
    path: '/account/login',
    handler: 'handlers/customer/sign-in',
    query: ['lang'],
    body: 'form',
    access: readwrite,
  },
  {
    method: 'POST',
    path: '/account/consents/{ConsentId}/revoke',
    handler: 'handlers/customer/revoke-sharing',
    query: ['lang'],
    body: 'form',
    access: readwrite,
  },
  {
    method: 'POST',
    path: '/account/logout',
    handler: 'handlers/customer/sign-out',
    body: 'form',
    access: readwrite,
  },

  {
    method: 'GET',
    path: '/sandbox/customers',
    handler: 'handlers/sandbox/list-customers',
    query: ['page'],
    access: read,
    sandboxOnly: true,
  },
  {
    method: 'POST',
    path: '/sandbox/cash-approvals',
    handler: 'handlers/sandbox/approve-cash',
    idempotency: { key: 'optional', storedBy: 'use-case', owner: 'sandbox-bank-app' },
    body: 'json',
    access: readwrite,
    sandboxOnly: true,
  },
];

/** The routes served in this mode. */
export function activeRoutes(sandbox: boolean): Route[] {
  return routes.filter((route) => sandbox || !route.sandboxOnly);
}

/** The route an API Gateway event was matched to (`resource` is the route's path template). */
export function routeOf(method: string, resource: string): Route | undefined {
  return routes.find((route) => route.path === resource && route.method === method);
}
