import type { APIGatewayProxyResult } from 'aws-lambda';
import { DomainError, type ErrorDetail, type ErrorKind } from '#domain/errors.ts';
import { truncate } from '#domain/text.ts';
import { HttpError } from './errors.ts';
import { baseHeaders } from './headers.ts';

/** The one place a kind of refusal becomes an HTTP status. */
const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  busy: 409,
  'rate-limited': 429,
  unprocessable: 422,
};

/** The HTTP status a refusal is answered with. */
export function statusOf(error: DomainError | HttpError): number {
  return error instanceof HttpError ? error.status : STATUS[error.kind];
}

/** The contract's error envelope. */
export interface ErrorEnvelope {
  Code: string;
  Id: string;
  Message: string;
  Errors: ErrorDetail[];
}

const UNEXPECTED = 'An unexpected error occurred. Retry later, quoting the interaction id.';

/**
 * The status, headers and envelope of an error: a `DomainError` or `HttpError` says what the
 * client can fix; anything else is a generic 500 that says nothing about internals.
 */
export function errorAnswer(
  error: unknown,
  interactionId: string,
): { status: number; headers: Record<string, string>; body: ErrorEnvelope } {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      headers: error.headers,
      body: envelope(error.status, interactionId, error.message, [
        { ErrorCode: error.code, Message: error.message },
      ]),
    };
  }
  if (error instanceof DomainError) {
    const status = STATUS[error.kind];
    return {
      status,
      headers: challengeHeaders(error),
      body: envelope(status, interactionId, error.message, error.details),
    };
  }
  return {
    status: 500,
    headers: {},
    body: envelope(500, interactionId, UNEXPECTED, [
      { ErrorCode: 'UK.OBIE.UnexpectedError', Message: UNEXPECTED },
    ]),
  };
}

/** {@link errorAnswer} as an API Gateway result. */
export function errorResponse(error: unknown, interactionId: string): APIGatewayProxyResult {
  const answer = errorAnswer(error, interactionId);
  return {
    statusCode: answer.status,
    headers: { ...baseHeaders(interactionId), 'content-type': 'application/json', ...answer.headers },
    body: JSON.stringify(answer.body),
  };
}

/**
 * Longest `Message` and `Path` of an error, in characters (the contract's `ErrorDetail`): a message
 * quoting what the client sent (an unknown field's name, a content type) is cut to it.
 */
const MAX_ERROR_TEXT = 500;

function envelope(
  status: number,
  interactionId: string,
  message: string,
  errors: ErrorDetail[],
): ErrorEnvelope {
  return {
    Code: String(status),
    Id: interactionId,
    Message: truncate(message, MAX_ERROR_TEXT),
    Errors: errors.map((error) => ({
      ...error,
      Message: truncate(error.Message, MAX_ERROR_TEXT),
      ...(error.Path !== undefined ? { Path: truncate(error.Path, MAX_ERROR_TEXT) } : {}),
    })),
  };
}

/** RFC 6750 / RFC 9449 challenges for the resource server's refusals; Retry-After for `busy` and `rate-limited`. */
function challengeHeaders(error: DomainError): Record<string, string> {
  if (error.kind === 'busy' || error.kind === 'rate-limited')
    return { 'Retry-After': String(error.retryAfterSeconds ?? 1) };
  if (error.challenge === 'insufficient_scope') {
    return {
      'WWW-Authenticate': `DPoP error="insufficient_scope", scope="${(error.scopes ?? []).join(' ')}"`,
    };
  }
  if (error.kind !== 'unauthenticated') return {};
  const description = error.message.replaceAll('"', "'");
  return {
    'WWW-Authenticate': `DPoP error="${error.challenge ?? 'invalid_token'}", error_description="${description}", algs="ES256 PS256"`,
  };
}
