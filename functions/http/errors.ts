import type { ErrorCode } from '#domain/errors.ts';

/**
 * A refusal of the HTTP exchange itself, before any rule of the platform is asked: no such
 * route, a method the route does not take, a body too large or not JSON. Everything else a
 * caller can fix is a `DomainError`.
 */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: 404 | 405 | 413 | 415,
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}
