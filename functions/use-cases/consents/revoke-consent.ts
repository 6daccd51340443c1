import { type Consent, canTransition } from '#domain/consent.ts';
import { consentStatusChanged } from '#domain/consent-events.ts';
import { getConsent, transitionConsent } from '#store/consents.ts';
import { deleteGrant } from '#store/oidc-records.ts';

/**
 * Revokes a consent (by the client's DELETE or the customer's own "withdraw"), and with it
 * every token issued under its grant. Revoking an already ended consent changes nothing.
 * Returns whether this call revoked it.
 *
 * The consent may move on between the read and the guarded write: the customer approving it
 * while the client deletes it. The revoke then starts again from the status it moved to, so an
 * approval that won the race is revoked too and the answer never says "revoked" of a consent
 * that still works. Statuses only move forward (at most two steps before an end), so this ends.
 */
export async function revokeConsent(consent: Consent, at = new Date()): Promise<boolean> {
  let current: Consent | undefined = consent;
  while (current && canTransition(current.status, 'Revoked')) {
    const revoked = await transitionConsent(
      {
        consentId: current.consentId,
        clientId: current.clientId,
        from: current.status,
        to: 'Revoked',
        at: at.toISOString(),
      },
      consentStatusChanged(current, 'Revoked', at.toISOString()),
    );
    if (revoked) {
      if (current.grantId) await deleteGrant(current.grantId);
      return true;
    }
    current = await getConsent(current.consentId);
  }
  return false;
}
