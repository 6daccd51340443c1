import type { APIGatewayProxyResult } from 'aws-lambda';
import { ApiError } from './errors.ts';

/** The response headers every answer carries. */
export function baseHeaders(interactionId: string): Record<string, string> {
  return {
    'x-fapi-interaction-id': interactionId,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

/**
 * The only place an error becomes a response: the contract's envelope
 * `{ Code, Id, Message, Errors[] }`. Unknown errors become a generic 500 that
 * says nothing about internals.
 */
export function errorResponse(error: unknown, interactionId: string): APIGatewayProxyResult {
  const known = error instanceof ApiError && error.expose ? error : undefined;
  const status = known?.status ?? 500;
  const message = known?.message ?? 'An unexpected error occurred. Retry later, quoting the interaction id.';
  const body = {
    Code: String(status),
    Id: interactionId,
    Message: message,
    Errors: known?.details ?? [{ ErrorCode: 'UK.OBIE.UnexpectedError', Message: message }],
  };
  return {
    statusCode: status,
    headers: { ...baseHeaders(interactionId), 'content-type': 'application/json', ...(known?.headers ?? {}) },
    body: JSON.stringify(body),
  };
}
