import type { ServedRoute } from '../functions/routing/route-of.ts';
import type { Route } from '../functions/routing/routes.ts';

/**
 * Module substitutions every Lambda bundle gets (esbuild `alias`), shared by the CDK construct
 * and the bundle benchmark so that the two build the same bundles.
 * - `node:http` and `node:https` load as CommonJS (functions/runtime/builtins/): an ESM import
 *   of either builds the module namespace, whose lazy getters load undici and http2 (about
 *   24 ms of every cold start, for nothing the handlers use).
 * - `mime-db`: only the entries the authorization server looks up (functions/runtime/builtins/
 *   mime-db.cjs, taken from 1.54): the whole database is 150 KB parsed at every cold start, and
 *   both mime-types copies (koa's 3, accepts' 2) walk all of it at import.
 * - `debug`: a stand-in on `util.format` with the same API and the same `DEBUG` switch, and
 *   `supports-color` as absent (as it is in production: a devDependency's, hoisted). The package
 *   loads node:tty and its colour machinery at cold start for oidc-provider's two error loggers.
 */
export const bundleAliases: Readonly<Record<string, string>> = {
  'node:http': './functions/runtime/builtins/http.cjs',
  http: './functions/runtime/builtins/http.cjs',
  'node:https': './functions/runtime/builtins/https.cjs',
  https: './functions/runtime/builtins/https.cjs',
  'mime-db': './functions/runtime/builtins/mime-db.cjs',
  debug: './functions/runtime/builtins/debug.cjs',
  'supports-color': './functions/runtime/builtins/no-supports-color.cjs',
};

/**
 * Files esbuild injects into every Lambda bundle (`inject`), shared like the aliases:
 * - `lazy-list-format.ts` stands in for the `Intl.ListFormat` global (a string export name
 *   replaces it): oidc-provider constructs two at import, which loads ICU's list data.
 * - `lazy-source-maps.ts` maps stack frames to the TypeScript sources when a stack is first
 *   formatted, instead of `--enable-source-maps` parsing the map at every cold start.
 */
export const bundleGlobals: readonly string[] = [
  './functions/runtime/builtins/lazy-list-format.ts',
  './functions/runtime/builtins/lazy-source-maps.ts',
];

/**
 * Node flags every Lambda runs with (`NODE_OPTIONS`), and every local process that hosts the
 * handlers (`npm start`, `npm run bench`, the test workers: package.json and vitest.config.ts):
 * - `--experimental-async-context-frame`: AsyncLocalStorage (oidc-provider keeps each request's
 *   context in one) carried by V8's continuation data, as Node 24 does by default, instead of
 *   promise hooks that every promise of the process pays for once the first store is entered.
 *
 * Not `--enable-source-maps`: the injected lazy-source-maps.ts gives the same stacks without
 * reading the map at cold start.
 */
export const lambdaNodeOptions: readonly string[] = ['--experimental-async-context-frame'];

/** A route as a bundle carries it (functions/routing/route-of.ts): its run-time fields only. */
function servedRouteOf(route: Route): ServedRoute {
  const { access: _access, handler: _handler, sandboxOnly: _sandboxOnly, ...served } = route;
  return served;
}

/**
 * The esbuild options that put the routes one function serves into its bundle (`define`, read
 * by functions/routing/route-of.ts), and leave the whole route table out: its only import is in
 * the branch the flag removes, and `external` keeps esbuild from bundling it anyway.
 */
export function bundledRoutes(routes: readonly Route[]): {
  define: Record<string, string>;
  external: string[];
} {
  return {
    define: {
      ROUTES_BUNDLED: 'true',
      BUNDLED_ROUTES: JSON.stringify(routes.map(servedRouteOf)),
      BUNDLED_JSON_BODIES: String(routes.some((route) => route.body === 'json')),
    },
    external: ['#routing/routes.ts'],
  };
}
