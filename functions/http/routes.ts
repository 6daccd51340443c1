/**
 * The one route table. The CDK stack builds the REST API and one Lambda per handler
 * from it; the local gateway dispatches to the same handler modules from it.
 * Plain data only: CDK imports it without pulling in any handler code.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a handler's Lambda may touch; CDK turns it into least-privilege grants. */
export interface RouteAccess {
  table?: 'read' | 'readwrite';
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

const read = { table: 'read' } as const;
const authorizationServer = { table: 'readwrite', signingKeys: true } as const;

export const routes: Route[] = [
  { method: 'GET', path: '/v1/health', handler: 'system/health', access: read },
  { method: 'GET', path: '/v1/banks', handler: 'system/list-banks' },
  { method: 'GET', path: '/openapi.json', handler: 'system/openapi-document' },
  { method: 'GET', path: '/docs', handler: 'system/docs-page' },
  { method: 'GET', path: '/docs/redoc.standalone.js', handler: 'system/docs-page' },

  {
    method: 'GET',
    path: '/.well-known/openid-configuration',
    handler: 'oauth/provider',
    access: authorizationServer,
  },
  { method: 'GET', path: '/oauth2/{proxy+}', handler: 'oauth/provider', access: authorizationServer },
  { method: 'POST', path: '/oauth2/{proxy+}', handler: 'oauth/provider', access: authorizationServer },
  { method: 'GET', path: '/interaction/{proxy+}', handler: 'oauth/provider', access: authorizationServer },
  { method: 'POST', path: '/interaction/{proxy+}', handler: 'oauth/provider', access: authorizationServer },

  {
    method: 'GET',
    path: '/sandbox/customers',
    handler: 'sandbox/list-customers',
    access: read,
    sandboxOnly: true,
  },
];

/** The routes served in this mode. */
export function activeRoutes(sandbox: boolean): Route[] {
  return routes.filter((route) => sandbox || !route.sandboxOnly);
}
