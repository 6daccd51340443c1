import type { ConsentStatus } from '#domain/consent.ts';
import { OWN_BANK_BIN } from '../banks.ts';
import { DomainError, forbidden, invalid, notFound, type PaymentRejectionCode } from '../errors.ts';
import type { PayeeCheckResult } from './payee.ts';
import type { RejectionReason } from './status.ts';
import { DAILY_TOTAL_LIMIT } from './strong-authentication.ts';

const creditorPath = 'Data.Initiation.CreditorAccount';

/**
 * What payment initiation refuses, each with a stable code: 400 the request is wrong (or its
 * payment was refused: the payment then exists as `Rejected`), 403 the consent does not allow
 * it (any more), 404 no such resource for this client.
 */
export const paymentErrors = {
  /**
   * The creditor account at this bank fails the payee check (Confirmation-of-Payee semantics,
   * `payee.ts`): an unknown and a disabled account answer alike, and the holder's name is never told.
   */
  payee: (result: Exclude<PayeeCheckResult, 'Match'>, bin: string, number: string) => {
    switch (result) {
      case 'Unavailable':
        return invalid(
          'VN.OB.Payment.CreditorAccountUnavailable',
          `No payment can be made to account ${number} at the bank with BIN ${bin}: check the number; if it is right, the account does not take payments.`,
          { path: `${creditorPath}.Identification` },
        );
      case 'CloseMatch':
        return invalid(
          'VN.OB.Payment.CreditorNameCloseMatch',
          `${creditorPath}.Name is close to the name of the holder of account ${number} but not the same (a letter, the word order or the word breaks differ); ask the payee for the exact name on the account.`,
          { path: `${creditorPath}.Name` },
        );
      case 'NoMatch':
        return invalid(
          'VN.OB.Payment.CreditorNameMismatch',
          `${creditorPath}.Name is not the holder of account ${number}; ask the payee for the exact name on the account.`,
          { path: `${creditorPath}.Name` },
        );
    }
  },
  /** The client made too many failed payee checks this hour. */
  payeeCheckLimit: (limit: number, retryAfterSeconds: number) =>
    new DomainError(
      'rate-limited',
      'VN.OB.Payment.PayeeCheckLimit',
      `This client made ${limit} failed payee checks this hour, the most allowed; check the payee's details with the payer and retry after ${retryAfterSeconds} seconds.`,
      { retryAfterSeconds },
    ),
  /** No interbank connector is configured (a live platform before NAPAS 247 is wired): nothing can leave the bank. */
  interbankUnavailable: (bin: string) =>
    invalid(
      'VN.OB.Payment.InterbankUnavailable',
      `Payments to other banks (BIN ${bin}) are not available on this platform yet; only payees at this bank (BIN ${OWN_BANK_BIN}) can be paid.`,
      { path: 'Data.Initiation.CreditorAgent.Identification' },
    ),
  consentMismatch: () =>
    invalid(
      'UK.OBIE.Resource.ConsentMismatch',
      'Data.ConsentId is not the consent this access token was granted for; submit the payment with the token of that consent.',
      { path: 'Data.ConsentId' },
    ),
  initiationMismatch: (path: string) =>
    invalid(
      'VN.OB.Payment.InitiationMismatch',
      `${path} differs from the consent: send the Initiation exactly as the consent states it (the customer authorised that).`,
      { path },
    ),
  riskMismatch: (path: string) =>
    invalid(
      'VN.OB.Payment.RiskMismatch',
      `${path} differs from the consent: send the Risk exactly as the consent states it.`,
      { path },
    ),
  /** The consent is not (or no longer) Authorised. */
  consentStatus: (status: ConsentStatus, paymentId?: string) =>
    forbidden(
      `VN.OB.Consent.${status}`,
      status === 'Consumed'
        ? `This consent was already used${paymentId ? ` by payment ${paymentId}` : ''}; a consent pays once. Ask the customer to authorise a new consent.`
        : `The consent is ${status}, not Authorised; ask the customer to authorise a new consent.`,
    ),
  /** The day's running total would pass the limit for a consent authorised without the step-up. */
  strongAuthenticationRequired: () =>
    forbidden(
      'VN.OB.Payment.StrongAuthenticationRequired',
      `With this payment the customer's payments today would exceed ${DAILY_TOTAL_LIMIT.toLocaleString('en')} VND, which needs biometric authentication (Decision 2345/QĐ-NHNN); create a new consent and have the customer authorise it.`,
    ),
  /** A customer cannot pay an account to itself. */
  sameAccount: () =>
    invalid(
      'VN.OB.Payment.SameAccount',
      'The debtor and creditor accounts are the same account; nothing to pay.',
      { path: `${creditorPath}.Identification` },
    ),
  notFound: (paymentId: string) => notFound(`No domestic payment ${paymentId} for this client.`),
  /** The payment exists as `Rejected`: the answer (and every retry's) names it. */
  rejected: (reason: RejectionReason, paymentId: string, self: string) =>
    invalid(
      `VN.OB.Payment.${reason}` satisfies PaymentRejectionCode,
      `${rejectionDescription(reason)} Payment ${paymentId} is Rejected; nothing was debited. See ${self}.`,
      reason === 'InsufficientFunds' ? { path: 'Data.Initiation.InstructedAmount.Amount' } : {},
    ),
} as const;

/** The customer-readable reason of a rejection. */
export function rejectionDescription(reason: RejectionReason): string {
  switch (reason) {
    case 'InsufficientFunds':
      return "The debtor account's available balance does not cover the amount.";
    case 'DebtorAccountUnavailable':
      return 'The debtor account does not allow payments at the moment.';
    case 'CreditorAccountUnavailable':
      return 'The creditor account no longer accepts payments.';
    case 'ReceivingBankRejected':
      return 'The receiving bank refused the transfer; the funds were returned to the debtor account.';
  }
}
