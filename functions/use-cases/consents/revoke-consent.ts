import { type Consent, canTransition } from '#domain/consent.ts';
import { consentStatusChanged } from '#domain/consent-events.ts';
import { transitionConsent } from '#store/consents.ts';
import { deleteGrant } from '#store/oidc-records.ts';

/**
 * Revokes a consent (by the client's DELETE or the customer's own "withdraw"), and with it
 * every token issued under its grant. Revoking an already ended consent changes nothing.
 * Returns whether this call revoked it.
 */
export async function revokeConsent(consent: Consent, at = new Date()): Promise<boolean> {
  if (!canTransition(consent.status, 'Revoked')) return false;
  const revoked = await transitionConsent(
    {
      consentId: consent.consentId,
      clientId: consent.clientId,
      from: consent.status,
      to: 'Revoked',
      at: at.toISOString(),
    },
    consentStatusChanged(consent, 'Revoked', at.toISOString()),
  );
  if (revoked && consent.grantId) {
    await deleteGrant(consent.grantId);
  }
  return revoked;
}
