import * as oauth from 'oauth4webapi';
import type { Authorization } from './authorization.ts';
import { retryAfterSeconds } from './errors.ts';
import { type Operation, operationOf } from './operations.ts';

/** How the SDK retries: network errors, 409 `InProgress`/busy, 429 and 5xx, with backoff and jitter. */
export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 turns retries off). */
  maxRetries?: number;
  /** First backoff step (default 250 ms); doubled each retry, fully jittered. */
  baseDelayMs?: number;
  /** No wait is longer than this (default 8 s); a `Retry-After` beyond it is returned, not waited for. */
  maxDelayMs?: number;
}

/** Where an access token comes from for a call: the client's own, or a customer session's. */
type TokenSource = (operation: Operation) => Promise<string | undefined>;

export interface TransportOptions {
  basePath: string;
  auth: Authorization;
  token: TokenSource;
  /** Called when the server refuses a token as invalid, so the next attempt gets a new one. */
  refused: (operation: Operation) => void;
  fetch: typeof fetch;
  retry: Required<RetryOptions>;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

const NETWORK_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'EAI_AGAIN',
]);

/** A fetch failure that means the request may not have arrived: worth retrying. */
function isNetworkError(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const code = (error.cause as { code?: string } | undefined)?.code;
  return code === undefined || NETWORK_ERRORS.has(code);
}

/** Whether retrying cannot cause a second effect: reads, deletes, keyed POSTs, pure computations. */
function safeToRetry(request: Request, operation: Operation | undefined): boolean {
  if (request.method !== 'POST') return true;
  if (request.headers.has('x-idempotency-key')) return true;
  return operation?.template.startsWith('/v1/qr/') ?? false;
}

async function retryableAnswer(response: Response): Promise<boolean> {
  if (response.status === 429 || response.status >= 500) return true;
  if (response.status !== 409) return false;
  if (response.headers.has('retry-after')) return true;
  const body = await response
    .clone()
    .json()
    .catch(() => undefined);
  return (
    (body as { Errors?: { ErrorCode?: string }[] })?.Errors?.[0]?.ErrorCode === 'VN.OB.Idempotency.InProgress'
  );
}

/**
 * The fetch that openapi-fetch calls: adds a DPoP-bound token and a fresh proof per attempt
 * (oauth4webapi's `protectedResourceRequest`), retries what is safe to retry with backoff and
 * jitter, honouring `Retry-After`, and keeps the request's `x-idempotency-key` across attempts,
 * so a retried POST has exactly one effect.
 */
export function transport(options: TransportOptions): (request: Request) => Promise<Response> {
  const { retry } = options;
  return async function send(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const operation = operationOf(request.method, url.pathname.slice(options.basePath.length) || '/');
    const body = request.body ? await request.arrayBuffer() : null;
    const retrySafe = safeToRetry(request, operation);
    let tokenRetried = false;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await once(request, url, body, operation);
      } catch (error) {
        if (retrySafe && attempt < retry.maxRetries && isNetworkError(error)) {
          await options.sleep(backoff(attempt));
          continue;
        }
        throw error;
      }
      if (response.status === 401 && operation?.scopes.length && !tokenRetried) {
        // A cached token the server no longer accepts: drop it and try once with a new one.
        tokenRetried = true;
        options.refused(operation);
        await response.body?.cancel();
        attempt--;
        continue;
      }
      if (retrySafe && attempt < retry.maxRetries && (await retryableAnswer(response))) {
        const told = retryAfterSeconds(response.headers);
        const wait = told === undefined ? backoff(attempt) : told * 1000;
        if (wait <= retry.maxDelayMs) {
          await response.body?.cancel();
          await options.sleep(wait);
          continue;
        }
      }
      return response;
    }
  };

  function backoff(attempt: number): number {
    const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** attempt);
    return Math.round(options.random() * ceiling);
  }

  async function once(
    request: Request,
    url: URL,
    body: ArrayBuffer | null,
    operation: Operation | undefined,
  ): Promise<Response> {
    const headers = new Headers(request.headers);
    const token = operation?.scopes.length ? await options.token(operation) : undefined;
    if (!token) {
      return options.fetch(url.href, { method: request.method, headers, body, redirect: 'manual' });
    }
    const DPoP = await options.auth.dpop();
    const call = () =>
      oauth.protectedResourceRequest(token, request.method, url, headers, body, {
        ...options.auth.http(),
        DPoP,
      });
    try {
      return await call();
    } catch (error) {
      if (error instanceof oauth.WWWAuthenticateChallengeError) {
        // The proof was made without the nonce the server wants: the handle now has it.
        if (oauth.isDPoPNonceError(error)) {
          try {
            return await call();
          } catch (again) {
            if (again instanceof oauth.WWWAuthenticateChallengeError) return again.response;
            throw again;
          }
        }
        return error.response;
      }
      throw error;
    }
  }
}
