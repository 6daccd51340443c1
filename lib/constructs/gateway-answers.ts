import type { ErrorCode } from '../../functions/domain/errors.ts';

/** One of API Gateway's own answers (a gateway response), in the contract's error envelope. */
export interface GatewayAnswer {
  /** API Gateway's response type. */
  type: string;
  status: number;
  /** Static header values. */
  headers: Record<string, string>;
  code: ErrorCode;
  message: string;
  /** The body mapping template: the envelope, with API Gateway's request id as `Id`. */
  template: string;
}

function answer(
  type: string,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): GatewayAnswer {
  const body = {
    Code: String(status),
    Id: '$context.requestId',
    Message: message,
    Errors: [{ ErrorCode: code, Message: message }],
  };
  return { type, status, code, message, template: JSON.stringify(body), headers };
}

/**
 * The answers API Gateway gives itself, before any handler runs, for the per-client limits:
 * over the rate or the daily quota (429 with `Retry-After` and `RateLimit-*`), no verifiable
 * access token (401 with the RFC 9449 challenge), a client whose API key is still being made
 * (429: the usage-plan worker makes it seconds after registration). API Gateway cannot put a
 * per-client figure in a header, so `RateLimit-Limit` is left out here; the message says which
 * limit was reached. The quota resets at 00:00 UTC, which a static header cannot count down
 * to: `Retry-After` says an hour.
 */
export function gatewayAnswers(): Record<string, GatewayAnswer> {
  return {
    Throttled: answer(
      'THROTTLED',
      429,
      'VN.OB.Request.RateLimited',
      'This client sent more requests a second than its limit allows; retry after 1 s.',
      { 'Retry-After': '1', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '1' },
    ),
    QuotaExceeded: answer(
      'QUOTA_EXCEEDED',
      429,
      'VN.OB.Request.RateLimited',
      'This client has used its requests for today; the quota resets at 00:00 UTC.',
      { 'Retry-After': '3600', 'RateLimit-Remaining': '0', 'RateLimit-Reset': '3600' },
    ),
    KeyNotReady: answer(
      'INVALID_API_KEY',
      429,
      'VN.OB.Request.RateLimited',
      'This client was registered moments ago and its limits are still being set up; retry in a few seconds.',
      { 'Retry-After': '5' },
    ),
    NoToken: answer(
      'UNAUTHORIZED',
      401,
      'VN.OB.Auth.InvalidToken',
      'Send a valid access token: Authorization: DPoP <access token>, with a DPoP proof.',
      { 'WWW-Authenticate': 'DPoP error="invalid_token", algs="ES256 PS256"' },
    ),
    AuthorizerFailed: answer(
      'AUTHORIZER_FAILURE',
      500,
      'UK.OBIE.UnexpectedError',
      'An unexpected error occurred. Retry later, quoting the interaction id.',
    ),
  };
}
