/**
 * The one error type of the platform's rules. Every refusal a caller can act on is a
 * {@link DomainError} with a stable `code` from one closed union (callers switch on it, the
 * SDK types it) and a `kind` saying what sort of refusal it is. Which HTTP status a kind
 * becomes is decided in exactly one place, `functions/http/error-response.ts`.
 */

/** What sort of refusal: the HTTP layer maps each kind to one status. */
export type ErrorKind =
  /** The request is wrong; `path` names the field to fix (400). */
  | 'invalid'
  /** No valid credentials (401, with an OAuth challenge). */
  | 'unauthenticated'
  /** Authenticated, but this client, scope or consent may not do this (403). */
  | 'forbidden'
  /** No such resource for this caller; never says whether it exists for another (404). */
  | 'not-found'
  /** The resource's current state does not allow this (409). */
  | 'conflict'
  /** Others are writing the same items: nothing happened, retry shortly (409 with Retry-After). */
  | 'busy'
  /** This client used up a limit: nothing happened, retry after `retryAfterSeconds` (429 with Retry-After). */
  | 'rate-limited'
  /** Well-formed and allowed, but the ledger cannot do it (422). */
  | 'unprocessable';

/** Consent statuses as error reasons (`VN.OB.Consent.Revoked`, …). */
type ConsentReason =
  | 'AwaitingAuthorisation'
  | 'Authorised'
  | 'Rejected'
  | 'Revoked'
  | 'Expired'
  | 'Consumed'
  | 'Invalid'
  | 'WrongKind'
  | 'PermissionMissing'
  | 'PermissionCombination'
  | 'UnknownPermission';

/** Why a payment was refused at submission (the payment then exists as `Rejected`). */
export type PaymentRejectionCode =
  | 'VN.OB.Payment.InsufficientFunds'
  | 'VN.OB.Payment.DebtorAccountUnavailable'
  | 'VN.OB.Payment.CreditorAccountUnavailable'
  | 'VN.OB.Payment.ReceivingBankRejected';

/** Batches of bills and reconciliation (issue 13): each names the field to fix. */
type BillBatchAndReconciliationCode =
  | 'VN.OB.Bills.InvalidBatch'
  | 'VN.OB.Bills.BatchTooLarge'
  | 'VN.OB.Reconciliation.InvalidDate'
  | 'VN.OB.Reconciliation.FutureDate';

/** Every error code the platform answers with: UK OBIE codes plus `VN.OB.<Area>.<Reason>`. */
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
  | 'VN.OB.Auth.InvalidToken'
  | 'VN.OB.Auth.InvalidDPoPProof'
  | 'VN.OB.Auth.InsufficientScope'
  | 'VN.OB.Auth.WrongGrant'
  | `VN.OB.Consent.${ConsentReason}`
  | 'VN.OB.Idempotency.Mismatch'
  | 'VN.OB.Idempotency.InProgress'
  | 'VN.OB.Request.TooLarge'
  | 'VN.OB.Request.RateLimited'
  | 'VN.OB.Request.UnsupportedMediaType'
  | 'VN.OB.Request.UnexpectedBody'
  | 'VN.OB.Request.MalformedJson'
  | 'VN.OB.Request.TooDeep'
  | 'VN.OB.Request.HeadersTooLarge'
  | 'VN.OB.Request.Malformed'
  | 'VN.OB.Request.Timeout'
  | 'VN.OB.Route.NotFound'
  | 'VN.OB.Route.MethodNotAllowed'
  | 'VN.OB.Session.Invalid'
  | 'VN.OB.Paging.InvalidCursor'
  | 'VN.OB.Paging.StaleCursor'
  | 'VN.OB.Ledger.InsufficientFunds'
  | 'VN.OB.Ledger.AccountNotFound'
  | 'VN.OB.Ledger.AccountDisabled'
  | 'VN.OB.Ledger.ConcurrentModification'
  | 'VN.OB.Ledger.ConditionFailed'
  | 'VN.OB.Ledger.DuplicatePosting'
  | 'VN.OB.Ledger.HoldState'
  | 'VN.OB.Payment.UnsupportedScheme'
  | 'VN.OB.Payment.UnsupportedCurrency'
  | 'VN.OB.Payment.UnknownCreditorBank'
  | 'VN.OB.Payment.CreditorNameMismatch'
  | 'VN.OB.Payment.CreditorNameCloseMatch'
  | 'VN.OB.Payment.PayeeCheckLimit'
  | 'VN.OB.Payment.InterbankUnavailable'
  | 'VN.OB.Payment.StrongAuthenticationRequired'
  | 'VN.OB.Payment.SameAccount'
  | 'VN.OB.Payment.InitiationMismatch'
  | 'VN.OB.Payment.RiskMismatch'
  | PaymentRejectionCode
  | BillBatchAndReconciliationCode
  | 'VN.OB.Cash.InvalidCode'
  | 'VN.OB.Cash.NotCashCode'
  | 'VN.OB.Cash.UnknownCode'
  | 'VN.OB.Cash.CodeMismatch'
  | 'VN.OB.Cash.SessionExpired'
  | 'VN.OB.Cash.CodeAlreadyUsed'
  | 'VN.OB.Cash.SessionNotApproved'
  | 'VN.OB.Cash.AlreadyReported'
  | 'VN.OB.Cash.InsufficientFunds'
  | 'VN.OB.Cash.AccountDisabled'
  | 'VN.OB.Cash.AccountNotFound'
  | 'VN.OB.Cash.AmountNotDispensable'
  | 'VN.OB.Cash.AmountOverLimit'
  | 'VN.OB.Sandbox.InvalidCredentials'
  | 'VN.OB.Sandbox.TooManyAttempts'
  | 'VN.OB.Sandbox.AuthorisationRefused'
  | BillErrorCode
  | CheckoutErrorCode
  | PartnerLogoErrorCode;

/** Bills (issue 13): field problems name their field, state refusals the state. */
type BillErrorCode =
  | 'VN.OB.Bills.InvalidCategory'
  | 'VN.OB.Bills.InvalidReference'
  | 'VN.OB.Bills.InvalidPayerName'
  | 'VN.OB.Bills.InvalidPayerId'
  | 'VN.OB.Bills.InvalidAmount'
  | 'VN.OB.Bills.InvalidDueDate'
  | 'VN.OB.Bills.InvalidPayableUntil'
  | 'VN.OB.Bills.InvalidDescription'
  | 'VN.OB.Bills.InvalidLatePaymentRule'
  | 'VN.OB.Bills.InvalidRefundId'
  | 'VN.OB.Bills.InvalidReason'
  | 'VN.OB.Bills.InvalidFilter'
  | 'VN.OB.Bills.ReferenceConflict'
  | 'VN.OB.Bills.NoCollectionAccount'
  | 'VN.OB.Bills.NotCancellable'
  | 'VN.OB.Bills.NotPayable'
  | 'VN.OB.Bills.Underpaid'
  | 'VN.OB.Bills.UnknownBill'
  | 'VN.OB.Bills.NotPaid'
  | 'VN.OB.Bills.RefundExceedsPaid'
  | 'VN.OB.Bills.RefundWindowClosed'
  | 'VN.OB.Bills.RefundIdConflict'
  | 'VN.OB.QrPayment.InvalidCode'
  | 'VN.OB.QrPayment.UnsupportedCode'
  | 'VN.OB.QrPayment.PayeeNotFound'
  | 'VN.OB.QrPayment.AmountMismatch'
  | 'VN.OB.QrPayment.SameAccount'
  | 'VN.OB.QrPayment.AccountNotFound'
  | 'VN.OB.QrPayment.InsufficientFunds';

/** The bank-hosted checkout (issue 14): each names why the page or the partner was refused. */
type CheckoutErrorCode =
  | 'VN.OB.Checkout.ReturnUrlInvalid'
  | 'VN.OB.Checkout.ReturnUrlNotHttps'
  | 'VN.OB.Checkout.ReturnUrlNotRegistered'
  | 'VN.OB.Checkout.BillNotPayable'
  | 'VN.OB.Checkout.SessionNotFound'
  | 'VN.OB.Checkout.SessionExpired'
  | 'VN.OB.Checkout.SessionUsed'
  | 'VN.OB.Checkout.NotSignedIn'
  | 'VN.OB.Checkout.LoginFailed'
  | 'VN.OB.Checkout.CsrfMismatch'
  | 'VN.OB.Checkout.WrongOtp'
  | 'VN.OB.Checkout.TooManyOtpAttempts'
  | 'VN.OB.Checkout.AccountNotChosen'
  | 'VN.OB.Checkout.StepUpRequired'
  | 'VN.OB.Checkout.StepUpUnavailable'
  | 'VN.OB.Checkout.PaymentRefused';

/** A city partner's logo on the hosted checkout page: each names the field to fix. */
type PartnerLogoErrorCode =
  | 'VN.OB.PartnerLogo.InvalidContentType'
  | 'VN.OB.PartnerLogo.InvalidData'
  | 'VN.OB.PartnerLogo.TooLarge'
  | 'VN.OB.PartnerLogo.ContentMismatch'
  | 'VN.OB.PartnerLogo.NotSet';

/** One problem of a request, as the envelope's `Errors` array lists it. */
export interface ErrorDetail {
  ErrorCode: ErrorCode;
  Message: string;
  Path?: string;
}

/** The OAuth error a 401/403 from the resource server carries in its `WWW-Authenticate` challenge. */
export type OAuthChallenge =
  | 'invalid_token'
  | 'invalid_dpop_proof'
  | 'invalid_request'
  | 'insufficient_scope';

export interface DomainErrorOptions {
  /** The field to fix, in wire names (`Data.InstructedAmount.Amount`). */
  path?: string;
  cause?: unknown;
  /** More problems found in the same request, reported together. */
  details?: ErrorDetail[];
  /** For `unauthenticated` (and scope refusals): the OAuth error of the challenge. */
  challenge?: OAuthChallenge;
  /** For scope refusals: the scopes that would have been enough. */
  scopes?: readonly string[];
  /** For `busy` and `rate-limited`: when to retry (1 s unless said). */
  retryAfterSeconds?: number;
}

/**
 * A refusal by the platform's rules.
 *
 * @example throw new DomainError('not-found', 'UK.OBIE.Resource.NotFound', `No consent ${id} for this client.`)
 */
export class DomainError extends Error {
  override name = 'DomainError';
  readonly details: ErrorDetail[];
  readonly path: string | undefined;
  readonly challenge: OAuthChallenge | undefined;
  readonly scopes: readonly string[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    message: string,
    options: DomainErrorOptions = {},
  ) {
    super(message, { cause: options.cause });
    this.path = options.path;
    this.challenge = options.challenge;
    this.scopes = options.scopes;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.details = options.details ?? [
      { ErrorCode: code, Message: message, ...(options.path ? { Path: options.path } : {}) },
    ];
  }
}

/** A 400 listing every field problem found, so the client fixes them in one go. */
export class ValidationError extends DomainError {
  override name = 'ValidationError';
  constructor(details: readonly ErrorDetail[]) {
    const first = details[0]!;
    super('invalid', first.ErrorCode, first.Message, {
      details: [...details],
      ...(first.Path ? { path: first.Path } : {}),
    });
  }
}

/** The request is wrong: `path` names the field to fix. */
export const invalid = (code: ErrorCode, message: string, options: DomainErrorOptions = {}) =>
  new DomainError('invalid', code, message, options);

/** Not allowed for this caller. */
export const forbidden = (code: ErrorCode, message: string, options: DomainErrorOptions = {}) =>
  new DomainError('forbidden', code, message, options);

/** No such resource for this caller. */
export const notFound = (message = 'No such resource.', options: DomainErrorOptions = {}) =>
  new DomainError('not-found', 'UK.OBIE.Resource.NotFound', message, options);

/** The resource's state does not allow this. */
export const conflict = (code: ErrorCode, message: string, options: DomainErrorOptions = {}) =>
  new DomainError('conflict', code, message, options);

/** The value of a parse, or every problem found as one {@link ValidationError}. */
export function valueOrThrow<T>(parsed: { value?: T | undefined; problems: { list: ErrorDetail[] } }): T {
  if (parsed.value === undefined) throw new ValidationError(parsed.problems.list);
  return parsed.value;
}
