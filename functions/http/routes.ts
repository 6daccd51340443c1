/**
 * The one route table. The CDK stack builds the REST API and one Lambda per handler
 * from it; the local gateway dispatches to the same handler modules from it.
 * Plain data only: CDK imports it without pulling in any handler code.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler's Lambda may touch; CDK turns it into least-privilege grants. */
export interface RouteAccess {
  table?: 'read' | 'readwrite';
  /** Records DPoP proof ids (replay protection): every route behind `authorize()`. */
  dpopReplay?: boolean;
  /** Reads the provider's signing keys (Secrets Manager in AWS, `.data/` locally). */
  signingKeys?: boolean;
}

export interface Route {
  method: HttpMethod;
  /** API Gateway resource path: `{Name}` parameters, `{proxy+}` greedy tail. */
  path: string;
  /** Module under `functions/`, without extension, exporting `handler`. */
  handler: string;
  access?: RouteAccess;
  /** Exists only when the platform runs in sandbox mode. */
  sandboxOnly?: boolean;
}

const read: RouteAccess = { table: 'read' };
/** Protected reads still write one item: the DPoP proof's jti. */
const protectedRead: RouteAccess = { table: 'read', dpopReplay: true };
const protectedWrite: RouteAccess = { table: 'readwrite', dpopReplay: true };
const authorizationServer: RouteAccess = { table: 'readwrite', signingKeys: true };

const route = (method: HttpMethod, path: string, handler: string, access?: RouteAccess): Route => ({
  method,
  path,
  handler,
  ...(access ? { access } : {}),
});
const sandboxRoute = (method: HttpMethod, path: string, handler: string, access?: RouteAccess): Route => ({
  ...route(method, path, handler, access),
  sandboxOnly: true,
});

const consents = '/v1/aisp/account-access-consents';
const accounts = '/v1/aisp/accounts';
const cashSessions = '/v1/cash/sessions';
const paymentConsents = '/v1/pisp/domestic-payment-consents';
const payments = '/v1/pisp/domestic-payments';

export const routes: Route[] = [
  route('GET', '/v1/health', 'system/health', read),
  route('GET', '/v1/banks', 'system/list-banks'),
  route('GET', '/openapi.json', 'system/openapi-document'),
  route('GET', '/docs', 'system/docs-page'),
  route('GET', '/docs/redoc.standalone.js', 'system/docs-page'),

  route('GET', '/.well-known/openid-configuration', 'oauth/provider', authorizationServer),
  route('GET', '/oauth2/{proxy+}', 'oauth/provider', authorizationServer),
  route('POST', '/oauth2/{proxy+}', 'oauth/provider', authorizationServer),
  route('GET', '/interaction/{proxy+}', 'oauth/provider', authorizationServer),
  route('POST', '/interaction/{proxy+}', 'oauth/provider', authorizationServer),

  route('POST', consents, 'aisp/create-account-access-consent', protectedWrite),
  route('GET', `${consents}/{ConsentId}`, 'aisp/get-account-access-consent', protectedRead),
  route('DELETE', `${consents}/{ConsentId}`, 'aisp/delete-account-access-consent', protectedWrite),
  route('GET', accounts, 'aisp/list-accounts', protectedRead),
  route('GET', `${accounts}/{AccountId}`, 'aisp/get-account', protectedRead),
  route('GET', `${accounts}/{AccountId}/balances`, 'aisp/get-balances', protectedRead),
  route('GET', `${accounts}/{AccountId}/transactions`, 'aisp/list-transactions', protectedRead),

  route('POST', '/v1/qr/vietqr', 'qr/create-vietqr', protectedRead),
  route('POST', '/v1/qr/decode', 'qr/decode', protectedRead),

  route('POST', paymentConsents, 'pisp/create-domestic-payment-consent', protectedWrite),
  route('GET', `${paymentConsents}/{ConsentId}`, 'pisp/get-domestic-payment-consent', protectedRead),
  route(
    'GET',
    `${paymentConsents}/{ConsentId}/funds-confirmation`,
    'pisp/get-funds-confirmation',
    protectedRead,
  ),
  route('POST', payments, 'pisp/create-domestic-payment', protectedWrite),
  route('GET', `${payments}/{DomesticPaymentId}`, 'pisp/get-domestic-payment', protectedRead),

  route('POST', cashSessions, 'cash/create-session', protectedWrite),
  route('GET', `${cashSessions}/{SessionId}`, 'cash/get-session', protectedRead),
  route('POST', '/v1/cash/withdrawals', 'cash/report-withdrawal', protectedWrite),

  route('GET', '/account/consents', 'customer/sharing-page', read),
  route('POST', '/account/login', 'customer/sign-in', { table: 'readwrite' }),
  route('POST', '/account/consents/{ConsentId}/revoke', 'customer/revoke-sharing', { table: 'readwrite' }),
  route('POST', '/account/logout', 'customer/sign-out', { table: 'readwrite' }),

  sandboxRoute('GET', '/sandbox/customers', 'sandbox/list-customers', read),
  sandboxRoute('POST', '/sandbox/cash-approvals', 'sandbox/approve-cash', { table: 'readwrite' }),
];

/** The routes served in this mode. */
export function activeRoutes(sandbox: boolean): Route[] {
  return routes.filter((route) => sandbox || !route.sandboxOnly);
}
