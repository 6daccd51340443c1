import { OWN_BANK_BIN } from '#domain/banks.ts';
import type { Consent } from '#domain/consent.ts';
import type { PaymentConsentDetail } from '#domain/payments/consent-detail.ts';
import { paymentErrors } from '#domain/payments/errors.ts';
import type { DomesticInitiation, PaymentOrder } from '#domain/payments/initiation.ts';
import { payeeProblem } from '#domain/payments/payee.ts';
import { newPaymentConsentId, paymentConsentExpiry } from '#domain/payments/status.ts';
import { putConsent } from '#store/consents.ts';
import { findAccountByNumber } from '#store/payments/payee-accounts.ts';

/**
 * A fintech states a domestic payment; the customer decides later. A creditor at this bank is
 * checked first (an open account whose holder is the name given) and its ledger account kept
 * to be credited at payment; a creditor at another bank is that bank's to check when NAPAS
 * delivers the transfer.
 */
export async function createPaymentConsent(
  clientId: string,
  request: PaymentOrder,
  now = new Date(),
): Promise<Consent> {
  const creditorAccountId = await checkedPayee(request.initiation);
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

/** The payee's ledger account at this bank, checked; undefined for another bank's creditor. */
async function checkedPayee(initiation: DomesticInitiation): Promise<string | undefined> {
  const { CreditorAccount: creditor, CreditorAgent: agent } = initiation;
  if (agent.Identification !== OWN_BANK_BIN) return undefined;
  // No cards are issued in the sandbox: a card number here is looked up like an account number, and not found.
  const account = await findAccountByNumber(OWN_BANK_BIN, creditor.Identification);
  const problem = payeeProblem(account, creditor.Name);
  if (problem) throw paymentErrors.payee(problem, OWN_BANK_BIN, creditor.Identification);
  return account!.accountId;
}
