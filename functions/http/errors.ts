/**
 * The one error hierarchy of the API. Every failure a client can fix is an {@link ApiError}
 * with a stable `code` (the `ErrorCode` of the contract's envelope) and an HTTP status.
 */

/** UK OBIE error codes used here, plus this platform's `VN.OB.<Area>.<Reason>` codes. */
export type ErrorCode =
  | 'UK.OBIE.Field.Invalid'
  | 'UK.OBIE.Field.Missing'
  | 'UK.OBIE.Field.Unexpected'
  | 'UK.OBIE.Field.InvalidDate'
  | 'UK.OBIE.Header.Invalid'
  | 'UK.OBIE.Header.Missing'
  | 'UK.OBIE.Resource.NotFound'
  | 'UK.OBIE.Resource.InvalidConsentStatus'
  | 'UK.OBIE.Resource.ConsentMismatch'
  | 'UK.OBIE.Resource.InvalidFormat'
  | 'UK.OBIE.Unsupported.AccountIdentifier'
  | 'UK.OBIE.Unsupported.Scheme'
  | 'UK.OBIE.Rules.AfterCutOffDateTime'
  | 'UK.OBIE.UnexpectedError'
  | `VN.OB.${string}.${string}`;

/** One entry of the envelope's `Errors` array. */
export interface ErrorDetail {
  ErrorCode: ErrorCode;
  Message: string;
  Path?: string;
}

export interface ApiErrorOptions {
  path?: string;
  cause?: unknown;
  /** More problems found in the same request, reported together. */
  details?: ErrorDetail[];
  headers?: Record<string, string>;
}

/** Base class: `expose` says whether the message may reach the client. */
export class ApiError extends Error {
  override name = 'ApiError';
  readonly expose: boolean;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    options: ApiErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.expose = status < 500;
    this.details = options.details ?? [
      { ErrorCode: code, Message: message, ...(options.path ? { Path: options.path } : {}) },
    ];
    this.headers = options.headers ?? {};
  }
}

/** 400: the request itself is wrong; `path` names the field to fix. */
export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
  constructor(code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(400, code, message, options);
  }
}

/** 400 carrying every field problem found, so the client fixes them in one go. */
export class ValidationError extends BadRequestError {
  override name = 'ValidationError';
  constructor(details: ErrorDetail[]) {
    const first = details[0]!;
    super(first.ErrorCode, first.Message, { details, ...(first.Path ? { path: first.Path } : {}) });
  }
}

/** 401 with the RFC 6750 / RFC 9449 `WWW-Authenticate` challenge. */
export class UnauthorizedError extends ApiError {
  override name = 'UnauthorizedError';
  constructor(
    oauthError: 'invalid_token' | 'invalid_dpop_proof' | 'invalid_request',
    message: string,
    options: { scheme?: 'DPoP' | 'Bearer'; code?: ErrorCode; cause?: unknown } = {},
  ) {
    const scheme = options.scheme ?? 'DPoP';
    const algs = scheme === 'DPoP' ? ', algs="ES256 PS256"' : '';
    super(401, options.code ?? 'VN.OB.Auth.InvalidToken', message, {
      cause: options.cause,
      headers: {
        'WWW-Authenticate': `${scheme} error="${oauthError}", error_description="${message.replaceAll('"', "'")}"${algs}`,
      },
    });
  }
}

/** 403: authenticated, but this client, scope or consent may not do this. */
export class ForbiddenError extends ApiError {
  override name = 'ForbiddenError';
  constructor(code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(403, code, message, options);
  }
}

/** 404: no such resource for this client (never says whether it exists for another). */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
  constructor(message = 'No such resource.', options: ApiErrorOptions = {}) {
    super(404, 'UK.OBIE.Resource.NotFound', message, options);
  }
}

/** 409: the request conflicts with the resource's current state; often retryable. */
export class ConflictError extends ApiError {
  override name = 'ConflictError';
  constructor(code: ErrorCode, message: string, options: ApiErrorOptions = {}) {
    super(409, code, message, options);
  }
}
