import type { ErrorCode } from './generated/error-codes.ts';

/** One problem the platform found, as the error envelope's `Errors[]` lists it. */
export interface ErrorDetail {
  ErrorCode: ErrorCode;
  Message: string;
  Path?: string;
}

/**
 * Base of every error the SDK throws for an answer of the platform (`error.status`, the first
 * problem's `code` and `path`, `interactionId` to quote to the bank). Switch on `code`, or catch a
 * subclass: {@link InvalidRequest}, {@link Unauthorized}, {@link Forbidden}, {@link NotFound},
 * {@link Conflict}, {@link RateLimited}, {@link ServerError}.
 */
export class OpenBankingError extends Error {
  override name = 'OpenBankingError';
  /** The first problem's machine-readable code (`UK.OBIE.Field.Invalid`, `VN.OB.Consent.Revoked`…). */
  readonly code: ErrorCode | undefined;
  /** The field to fix, in wire names (`Data.InstructedAmount.Amount`), when the platform names one. */
  readonly path: string | undefined;
  /** Every problem of the envelope. */
  readonly errors: ErrorDetail[];
  /** The `x-fapi-interaction-id` of the answer: quote it when asking the bank about this call. */
  readonly interactionId: string | undefined;
  /** Seconds to wait before retrying (`Retry-After`), when the platform says. */
  readonly retryAfterSeconds: number | undefined;
  /** The first problem's code and field under the contract's names (same as `code` and `path`). */
  readonly ErrorCode: ErrorCode | undefined;
  readonly Path: string | undefined;
  /** The envelope's own fields (`{ Code, Id, Message, Errors }`), so the error reads like the contract's. */
  readonly Code: string;
  readonly Id: string;
  readonly Message: string;
  readonly Errors: ErrorDetail[];

  constructor(
    readonly status: number,
    message: string,
    details: {
      errors?: ErrorDetail[];
      interactionId?: string | undefined;
      retryAfterSeconds?: number;
      cause?: unknown;
      envelopeMessage?: string;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.Code = String(status);
    this.Id = details.interactionId ?? '';
    this.Message = details.envelopeMessage ?? message;
    this.Errors = details.errors ?? [];
    this.errors = details.errors ?? [];
    this.code = this.errors[0]?.ErrorCode;
    this.path = this.errors[0]?.Path;
    this.ErrorCode = this.code;
    this.Path = this.path;
    this.interactionId = details.interactionId;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/** 400: the request is wrong; `path` names the field to fix. */
export class InvalidRequest extends OpenBankingError {
  override name = 'InvalidRequest';
}
/** 401: no valid access token or DPoP proof. */
export class Unauthorized extends OpenBankingError {
  override name = 'Unauthorized';
}
/** 403: this client, scope or consent may not do this. */
export class Forbidden extends OpenBankingError {
  override name = 'Forbidden';
}
/** 404: no such resource for this client. */
export class NotFound extends OpenBankingError {
  override name = 'NotFound';
}
/** 409 (and 422): the resource's state does not allow this, or the same key is still being answered. */
export class Conflict extends OpenBankingError {
  override name = 'Conflict';
}
/** 429: a limit was reached; wait `retryAfterSeconds`. */
export class RateLimited extends OpenBankingError {
  override name = 'RateLimited';
}
/** 5xx, or an answer that is not the contract's JSON (a proxy's HTML page, a cut-off body). */
export class ServerError extends OpenBankingError {
  override name = 'ServerError';
}

function classFor(status: number): typeof OpenBankingError {
  if (status === 400) return InvalidRequest;
  if (status === 401) return Unauthorized;
  if (status === 403) return Forbidden;
  if (status === 404) return NotFound;
  if (status === 409 || status === 422) return Conflict;
  if (status === 429) return RateLimited;
  if (status >= 500) return ServerError;
  return OpenBankingError;
}

interface Envelope {
  Code?: string;
  Id?: string;
  Message?: string;
  Errors?: ErrorDetail[];
}

/** Seconds of a `Retry-After` header (delta-seconds or an HTTP date), if any. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The typed error for an unsuccessful answer: its class from the status, code and path from the
 * envelope. A body that is not the envelope (HTML from a proxy, truncated JSON) still becomes a
 * typed error, a {@link ServerError} when the status says nothing better, never an exception of its own.
 */
export function errorFromAnswer(response: Response, body: unknown): OpenBankingError {
  const envelope = (typeof body === 'object' && body !== null ? body : {}) as Envelope;
  const errors = Array.isArray(envelope.Errors) ? envelope.Errors : [];
  const interactionId = response.headers.get('x-fapi-interaction-id') ?? envelope.Id;
  const retryAfter = retryAfterSeconds(response.headers);
  const isEnvelope = typeof envelope.Message === 'string';
  const message = isEnvelope
    ? `${response.status} ${errors[0]?.ErrorCode ?? ''}: ${envelope.Message}`.replace(' :', ':')
    : `${response.status}: the platform answered with something other than its JSON error envelope (${describe(body)})`;
  const Class = isEnvelope || response.status >= 400 ? classFor(response.status) : ServerError;
  return new (response.status < 400 ? ServerError : Class)(response.status, message, {
    errors,
    interactionId: interactionId ?? undefined,
    ...(isEnvelope ? { envelopeMessage: envelope.Message as string } : {}),
    ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
  });
}

function describe(body: unknown): string {
  if (typeof body === 'string') return body.length > 80 ? `${body.slice(0, 80)}…` : body || 'an empty body';
  return typeof body;
}
