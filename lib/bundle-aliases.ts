/**
 * Module substitutions every Lambda bundle gets (esbuild `alias`), shared by the CDK construct
 * and the bundle benchmark so that the two build the same bundles.
 * - `node:http` and `node:https` load as CommonJS (functions/runtime/builtins/): an ESM import
 *   of either builds the module namespace, whose lazy getters load undici and http2 (about
 *   24 ms of every cold start, for nothing the handlers use).
 * - One `mime-db` (koa's 1.54) instead of two: `accepts` pins mime-types 2, which carries
 *   mime-db 1.52, 140 KB more in the authorization server's bundle; 1.54 only adds types.
 */
export const bundleAliases: Readonly<Record<string, string>> = {
  'node:http': './functions/runtime/builtins/http.cjs',
  http: './functions/runtime/builtins/http.cjs',
  'node:https': './functions/runtime/builtins/https.cjs',
  https: './functions/runtime/builtins/https.cjs',
  'mime-db': './node_modules/mime-db',
};
