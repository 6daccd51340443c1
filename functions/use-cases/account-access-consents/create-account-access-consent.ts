import { randomUUID } from 'node:crypto';
import type { AccountAccessDetail, AccountAccessRequest } from '#domain/account-access.ts';
import type { Consent } from '#domain/consent.ts';
import { putConsent } from '#store/consents.ts';

/** A fintech asks to read a customer's accounts; the customer decides later. */
export async function createAccountAccessConsent(
  clientId: string,
  request: AccountAccessRequest,
  now = new Date(),
): Promise<Consent> {
  const createdAt = now.toISOString();
  const detail: AccountAccessDetail = {
    Permissions: request.permissions,
    ...(request.transactionFrom ? { TransactionFromDateTime: request.transactionFrom } : {}),
    ...(request.transactionTo ? { TransactionToDateTime: request.transactionTo } : {}),
  };
  const consent: Consent = {
    type: 'Consent',
    consentId: `aac-${randomUUID()}`,
    kind: 'account-access',
    clientId,
    status: 'AwaitingAuthorisation',
    createdAt,
    statusUpdatedAt: createdAt,
    statusHistory: [{ Status: 'AwaitingAuthorisation', At: createdAt }],
    ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
    detail: detail as unknown as Record<string, unknown>,
  };
  await putConsent(consent);
  return consent;
}
