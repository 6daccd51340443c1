/**
 * Request limits, read by the CDK stack (API Gateway usage plans, WAF rate-based rules) and by
 * the local gateway (the same limits, counted in memory). Plain data, like the route table.
 *
 * - Every registered client has its own steady rate, burst and daily quota on the routes a
 *   token protects: {@link DEFAULT_CLIENT_LIMITS} until an operator sets others
 *   (`npm run operator:limits -- set <clientId> …`, stored under `keys.clientLimits`).
 * - The endpoints anyone may call without a token that are worth flooding (OAuth token, PAR
 *   and the rest of `POST /oauth2/*`, and the customer's sign-in) are limited per source IP
 *   ({@link SOURCE_LIMITS}), so junk from one source neither reaches a Lambda nor uses up
 *   anyone else's capacity.
 */
import type { ClientLimits } from '#domain/rate-limits.ts';
import type { HttpMethod } from './routes.ts';

/**
 * A client's limits until an operator sets its own. High enough for a busy partner (and for
 * this repository's benchmarks, which drive one client at a few hundred requests a second),
 * far below the stage's own ceiling, so no one client can use up the others' capacity.
 */
export const DEFAULT_CLIENT_LIMITS: ClientLimits = {
  ratePerSecond: 300,
  burst: 600,
  dailyQuota: 5_000_000,
};

/** A per-source limit on unauthenticated endpoints: the same numbers in WAF and locally. */
export interface SourceLimit {
  /** WAF rule name (letters and digits). */
  name: string;
  method: HttpMethod;
  /** A regular expression over the request path, without the stage prefix. */
  path: string;
  /** Requests one source IP may send in a window; WAF accepts 10 and more. */
  limit: number;
  /** WAF's evaluation windows are 60, 120, 300 or 600 seconds. */
  windowSeconds: 60 | 120 | 300 | 600;
}

export const SOURCE_LIMITS: readonly SourceLimit[] = [
  // Token, PAR, registration, revocation, introspection, and junk to any other /oauth2 path.
  { name: 'OAuthEndpoints', method: 'POST', path: '^/oauth2/.+$', limit: 1500, windowSeconds: 300 },
  // The sharing page's sign-in and the sign-in step of an authorization.
  {
    name: 'SignIn',
    method: 'POST',
    path: '^(/account/login|/interaction/[A-Za-z0-9_-]+/login)$',
    limit: 300,
    windowSeconds: 300,
  },
];

/**
 * How long the local gateway keeps the operator's limits before reading them again, and how
 * long API Gateway caches the Lambda authorizer's answer for one token.
 */
export const LIMITS_REFRESH_SECONDS = 10;
export const AUTHORIZER_CACHE_SECONDS = 300;
