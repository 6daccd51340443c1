import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { canTransition } from '#domain/consent.ts';
import { documents, mainTableName } from './client.ts';
import { type ConsentItem, transitionConsent } from './consents.ts';
import { deleteGrantRecords, oidcKey } from './oidc-records.ts';

/**
 * Revokes a consent (by the client's DELETE or the customer's own "withdraw"), and with it
 * every token issued under its grant. Revoking an already ended consent changes nothing.
 * Returns whether this call revoked it.
 */
export async function revokeConsent(consent: ConsentItem, at = new Date()): Promise<boolean> {
  if (!canTransition(consent.status, 'Revoked')) return false;
  const revoked = await transitionConsent({
    consentId: consent.consentId,
    clientId: consent.clientId,
    from: consent.status,
    to: 'Revoked',
    at: at.toISOString(),
  });
  if (revoked && consent.grantId) {
    await deleteGrantRecords(consent.grantId);
    await documents.send(
      new DeleteCommand({ TableName: mainTableName(), Key: oidcKey('Grant', consent.grantId) }),
    );
  }
  return revoked;
}
