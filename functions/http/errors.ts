import type { ErrorCode } from '#domain/errors.ts';

/**
 * A refusal of the HTTP exchange itself, before any rule of the platform is asked: no such
 * route, a method the route does not take, a body too large or not JSON, headers too large or
 * too slow to arrive (the local gateway's own refusals). Everything else a
 * caller can fix is a `DomainError`.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 404 | 405 | 408 | 413 | 415 | 429 | 431,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
