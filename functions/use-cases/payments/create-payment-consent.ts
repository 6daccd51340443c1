import { OWN_BANK_BIN } from '#domain/banks.ts';
import type { Consent } from '#domain/consent.ts';
import type { PaymentConsentDetail } from '#domain/payments/consent-detail.ts';
import { paymentErrors } from '#domain/payments/errors.ts';
import type { DomesticInitiation, PaymentOrder } from '#domain/payments/initiation.ts';
import { confirmPayee, PAYEE_CHECK_FAILURES_PER_HOUR, payeeCheckWindow } from '#domain/payments/payee.ts';
import type { SettlementConnector } from '#domain/payments/settlement.ts';
import { newPaymentConsentId, paymentConsentExpiry } from '#domain/payments/status.ts';
import { putConsent } from '#store/consents.ts';
import { findAccountByNumber } from '#store/payments/payee-accounts.ts';
import { countFailedPayeeCheck, failedPayeeChecks } from '#store/payments/payee-checks.ts';
import { configuredSettlementConnector } from './settlement-connector.ts';

export interface CreatePaymentConsentOptions {
  now?: Date;
  /** The interbank connector; the deployment's (`settlement-connector.ts`) unless given, `undefined` for none. */
  connector?: SettlementConnector | undefined;
}

/**
 * A fintech states a domestic payment; the customer decides later. A creditor at this bank is
 * checked first (Confirmation of Payee: only a `Match` goes on, and failed checks count towards
 * the client's hourly limit) and its ledger account kept to be credited at payment; a creditor
 * at another bank is that bank's to check when NAPAS delivers the transfer, and is refused
 * outright while no interbank connector is configured (a live platform before NAPAS is wired).
 */
export async function createPaymentConsent(
  clientId: string,
  request: PaymentOrder,
  options: CreatePaymentConsentOptions = {},
): Promise<Consent> {
  const now = options.now ?? new Date();
  const connector = 'connector' in options ? options.connector : configuredSettlementConnector;
  const agent = request.initiation.CreditorAgent.Identification;
  if (agent !== OWN_BANK_BIN && !connector) throw paymentErrors.interbankUnavailable(agent);
  const creditorAccountId = await checkedPayee(clientId, request.initiation, now);
  const createdAt = now.toISOString();
  const detail: PaymentConsentDetail = {
    Initiation: request.initiation,
    Risk: request.risk,
    ...(creditorAccountId ? { CreditorAccountId: creditorAccountId } : {}),
  };
  const consent: Consent = {
    type: 'Consent',
    consentId: newPaymentConsentId(),
    kind: 'domestic-payment',
    clientId,
    status: 'AwaitingAuthorisation',
    createdAt,
    statusUpdatedAt: createdAt,
    statusHistory: [{ Status: 'AwaitingAuthorisation', At: createdAt }],
    expiresAt: paymentConsentExpiry(now),
    detail: detail as unknown as Record<string, unknown>,
  };
  await putConsent(consent);
  return consent;
}

/**
 * The payee's ledger account at this bank, checked; undefined for another bank's creditor. The
 * client's failed checks this hour are read first: at the limit, no check is made at all (even a
 * matching one would tell the caller something), and a failure counts only while under it.
 */
async function checkedPayee(
  clientId: string,
  initiation: DomesticInitiation,
  now: Date,
): Promise<string | undefined> {
  const { CreditorAccount: creditor, CreditorAgent: agent } = initiation;
  if (agent.Identification !== OWN_BANK_BIN) return undefined;
  const window = payeeCheckWindow(now);
  const retryAfter = Math.max(1, Math.ceil((window.endsAt.getTime() - now.getTime()) / 1000));
  const limit = PAYEE_CHECK_FAILURES_PER_HOUR;
  if ((await failedPayeeChecks(clientId, window.hour)) >= limit) {
    throw paymentErrors.payeeCheckLimit(limit, retryAfter);
  }
  // No cards are issued in the sandbox: a card number here is looked up like an account number, and not found.
  const account = await findAccountByNumber(OWN_BANK_BIN, creditor.Identification);
  const result = confirmPayee(account, creditor.Name);
  if (result === 'Match') return account!.accountId;
  const counted = await countFailedPayeeCheck({
    clientId,
    hour: window.hour,
    limit,
    windowEndsAt: window.endsAt,
  });
  if (!counted) throw paymentErrors.payeeCheckLimit(limit, retryAfter);
  throw paymentErrors.payee(result, OWN_BANK_BIN, creditor.Identification);
}
