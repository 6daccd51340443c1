import type { Route } from './routes.ts';

/**
 * What the handler chain needs of a route at run time: everything but the access it is
 * granted (the stack's concern) and the handler module (this function).
 */
export type ServedRoute = Omit<Route, 'access' | 'handler' | 'sandboxOnly'>;

/**
 * Set in each Lambda bundle (esbuild `define`: `bundledRoutes` of lib/bundle-aliases.ts, used by
 * the CDK construct and the bundle bench): the routes that function serves. The bundle then
 * carries them instead of the whole table, whose compilation took a quarter of a small handler's
 * cold import. Undefined where the sources run (the local gateway, the tests), which read the
 * table itself.
 */
declare const ROUTES_BUNDLED: boolean;
declare const BUNDLED_ROUTES: readonly ServedRoute[];

let served: readonly ServedRoute[] | undefined;

/** The route API Gateway matched (its method and resource path), if this function serves it. */
export async function servedRoute(method: string, resource: string): Promise<ServedRoute | undefined> {
  served ??=
    typeof ROUTES_BUNDLED !== 'undefined' && ROUTES_BUNDLED
      ? BUNDLED_ROUTES
      : (await import('#routing/routes.ts')).routes;
  return served.find((route) => route.path === resource && route.method === method);
}
