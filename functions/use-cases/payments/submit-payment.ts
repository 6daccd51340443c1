import { OWN_BANK_BIN } from '#domain/banks.ts';
import type { Caller } from '#domain/caller.ts';
import { type Consent, effectiveStatus } from '#domain/consent.ts';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import {
  AccountDisabledError,
  AccountNotFoundError,
  InsufficientFundsError,
  type LedgerSide,
} from '#domain/ledger/errors.ts';
import { paymentDetailOf } from '#domain/payments/consent-detail.ts';
import { paymentErrors, rejectionDescription } from '#domain/payments/errors.ts';
import { paymentStatusChanged } from '#domain/payments/events.ts';
import {
  firstDifference,
  normalisedInitiation,
  normalisedRisk,
  type PaymentSubmission,
} from '#domain/payments/initiation.ts';
import { creditAccountOf } from '#domain/payments/postings.ts';
import {
  bookedStatus,
  type DomesticPayment,
  isIntraBank,
  newPaymentId,
  paymentPostingId,
  type RejectionReason,
  settlementDue,
} from '#domain/payments/status.ts';
import { dailyHeadroom } from '#domain/payments/strong-authentication.ts';
import { logger } from '#runtime/logger.ts';
import { eventItem } from '#store/events.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import { ensureClearingAccount } from '#store/payments/clearing-account.ts';
import { paymentConsentConsumption } from '#store/payments/consent-writes.ts';
import { dailyTotalChange } from '#store/payments/daily-totals.ts';
import { paymentPut } from '#store/payments.ts';
import { type ExtraWrite, writeTogether } from '#store/transact.ts';
import { bookPaymentMatchingBill } from '#use-cases/bills/pay-by-payment-initiation.ts';

/** What became of a submission: booked, or refused by the ledger and stored `Rejected`. */
export type PaymentOutcome =
  | { kind: 'booked'; payment: DomesticPayment }
  | { kind: 'rejected'; payment: DomesticPayment; reason: RejectionReason };

export interface SubmitPaymentInput {
  /** A customer's caller, its consent already checked by the route's policy. */
  caller: Caller;
  submission: PaymentSubmission;
  /** The caller's record of the answer to this outcome (idempotency), written in the same transaction. */
  answerWrites: (outcome: PaymentOutcome) => ExtraWrite[];
  now?: Date;
}

/**
 * Submits an authorised domestic-payment consent: ONE ledger transaction books the posting
 * (debtor → payee here, or → NAPAS clearing), puts the payment, moves the consent from
 * Authorised to Consumed, adds the amount to the customer's day (conditioned on the daily
 * limit when the customer did not step up), stores the caller's answer and records the
 * `payment.status_changed` event. A ledger refusal (insufficient funds, an account
 * unavailable) instead stores the payment `Rejected`, consumes the consent and stores the
 * answer, in one transaction and with no posting.
 */
export async function submitPayment(input: SubmitPaymentInput): Promise<PaymentOutcome> {
  const { caller, submission } = input;
  const consent = caller.consent!;
  const now = input.now ?? new Date();
  checkAgainstConsent(consent, submission, now);

  const detail = paymentDetailOf(consent);
  const initiation = detail.Initiation;
  const amount = Number(initiation.InstructedAmount.Amount);
  const scaMethod = detail.ScaMethod ?? 'OneTimePassword';
  const headroom = scaMethod === 'Biometric' ? undefined : dailyHeadroom(amount);
  if (scaMethod !== 'Biometric' && headroom === undefined) throw paymentErrors.strongAuthenticationRequired();
  const debtorAccountId = consent.accountIds?.[0] ?? '';
  const creditAccountId = creditAccountOf(initiation, detail.CreditorAccountId) ?? '';
  if (creditAccountId === debtorAccountId) throw paymentErrors.sameAccount();
  if (!isIntraBank(initiation)) await ensureClearingAccount();

  const at = now.toISOString();
  const paymentId = newPaymentId();
  const status = bookedStatus(initiation);
  const payment: DomesticPayment = {
    paymentId,
    consentId: consent.consentId,
    clientId: caller.clientId,
    customerId: caller.customerId!,
    debtorAccountId,
    debtor: await debtorOf(consent),
    creditAccountId,
    initiation,
    risk: detail.Risk,
    amount,
    scaMethod,
    status,
    createdAt: at,
    statusUpdatedAt: at,
    statusHistory: [{ Status: status, At: at }],
    day: bookingDayOf(now),
    postingId: paymentPostingId(paymentId),
    ...(status === 'AcceptedSettlementInProcess' ? { settleAfter: settlementDue(now) } : {}),
  };
  const consumption = paymentConsentConsumption({
    consent,
    paymentId,
    at,
    onConditionFailed: (current) =>
      paymentErrors.consentStatus(
        current ? effectiveStatus(current, now) : 'Rejected',
        current ? paymentDetailOf(current).DomesticPaymentId : undefined,
      ),
  });

  try {
    const booked: PaymentOutcome = { kind: 'booked', payment };
    // Bills (issue 13): a payment to a city's collection account also pays the bill it names,
    // in this same ledger transaction (`billWrites`); any other payment gets no bill writes.
    await bookPaymentMatchingBill(payment, now, (transfer, billWrites) =>
      postTransfer(transfer, {
        now: () => now,
        extraWrites: [
          paymentPut(payment),
          consumption,
          dailyTotalChange({
            customerId: payment.customerId,
            day: payment.day,
            amount,
            ...(headroom !== undefined ? { headroom } : {}),
            onExceeded: paymentErrors.strongAuthenticationRequired,
          }),
          ...input.answerWrites(booked),
          eventItem(paymentStatusChanged(payment)),
          ...billWrites,
        ],
      }),
    );
    logger.info('payment booked', { paymentId, consentId: consent.consentId, status, amount });
    return booked;
  } catch (error) {
    const reason = rejectionReasonOf(error);
    if (!reason) throw error;
    return reject(payment, reason, consumption, input.answerWrites);
  }
}

/** The consent's state and content must allow exactly this payment, or nothing happens. */
function checkAgainstConsent(consent: Consent, submission: PaymentSubmission, now: Date): void {
  if (submission.consentId !== consent.consentId) throw paymentErrors.consentMismatch();
  const detail = paymentDetailOf(consent);
  const status = effectiveStatus(consent, now);
  if (status !== 'Authorised') throw paymentErrors.consentStatus(status, detail.DomesticPaymentId);
  const initiation = firstDifference(
    detail.Initiation,
    normalisedInitiation(submission.initiation),
    'Data.Initiation',
  );
  if (initiation) throw paymentErrors.initiationMismatch(initiation);
  const risk = firstDifference(detail.Risk, normalisedRisk(submission.risk), 'Risk');
  if (risk) throw paymentErrors.riskMismatch(risk);
}

/** The debtor as the consent recorded it when the customer chose the account. */
async function debtorOf(consent: Consent): Promise<DomesticPayment['debtor']> {
  const recorded = paymentDetailOf(consent).Debtor;
  if (recorded) return { accountNumber: recorded.Identification, name: recorded.Name, bankBin: OWN_BANK_BIN };
  const account = await getAccount(consent.accountIds?.[0] ?? '');
  return { accountNumber: account?.accountNumber ?? '', name: account?.name ?? '', bankBin: OWN_BANK_BIN };
}

/** The ledger's refusal as the payment's rejection reason, when it is one. */
function rejectionReasonOf(error: unknown): RejectionReason | undefined {
  if (error instanceof InsufficientFundsError) return 'InsufficientFunds';
  const side = (error as { side?: LedgerSide }).side;
  if (error instanceof AccountDisabledError || error instanceof AccountNotFoundError) {
    return side === 'debit' ? 'DebtorAccountUnavailable' : 'CreditorAccountUnavailable';
  }
  return undefined;
}

/** Stores the payment `Rejected` (nothing moved), consumes the consent, and stores the answer for every retry. */
async function reject(
  booked: DomesticPayment,
  reason: RejectionReason,
  consumption: ExtraWrite,
  answerWrites: SubmitPaymentInput['answerWrites'],
): Promise<PaymentOutcome> {
  const { settleAfter: _settleAfter, postingId: _postingId, ...rest } = booked;
  const payment: DomesticPayment = {
    ...rest,
    status: 'Rejected',
    statusHistory: [{ Status: 'Rejected', At: booked.createdAt }],
    rejection: { reason, description: rejectionDescription(reason) },
  };
  const outcome: PaymentOutcome = { kind: 'rejected', payment, reason };
  await writeTogether([
    paymentPut(payment),
    consumption,
    ...answerWrites(outcome),
    eventItem(paymentStatusChanged(payment)),
  ]);
  logger.info('payment rejected', { paymentId: payment.paymentId, consentId: payment.consentId, reason });
  return outcome;
}
