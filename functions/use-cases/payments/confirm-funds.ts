import { effectiveStatus } from '#domain/consent.ts';
import { covers } from '#domain/ledger/accounts.ts';
import { parseVnd } from '#domain/money.ts';
import { paymentDetailOf } from '#domain/payments/consent-detail.ts';
import { paymentErrors } from '#domain/payments/errors.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { getOwnConsent } from '../consents/get-own-consent.ts';

/**
 * Whether the debtor account's available balance covers the consent's amount right now (the
 * ledger's own rule), for an Authorised consent of this client only. Nothing is reserved.
 */
export async function confirmFunds(clientId: string, consentId: string, now = new Date()): Promise<boolean> {
  const consent = await getOwnConsent(clientId, consentId, 'domestic-payment');
  const detail = paymentDetailOf(consent);
  const status = effectiveStatus(consent, now);
  if (status !== 'Authorised') throw paymentErrors.consentStatus(status, detail.DomesticPaymentId);
  const amount = parseVnd(detail.Initiation.InstructedAmount.Amount);
  const account = await getAccount(consent.accountIds?.[0] ?? '');
  return Boolean(account && amount.ok && account.status === 'Enabled' && covers(account, amount.value));
}
