import { canTransition } from '#domain/consent.ts';
import { consentStatusChanged } from '#domain/consent-events.ts';
import { getConsent, transitionConsent } from './consents.ts';

/**
 * When the authorization server destroys a grant (a reused authorization code, a revoked
 * refresh token), the consent it carried ends with it, so the resource server's consent
 * check stops every access token issued under it at once.
 */
export async function revokeConsentOfGrant(grantId: string, grantPayload: { rar?: unknown } | undefined) {
  const details = Array.isArray(grantPayload?.rar)
    ? (grantPayload.rar as Array<Record<string, unknown>>)
    : [];
  const consentId = details.find((detail) => detail.type === 'consent')?.consent_id;
  if (typeof consentId !== 'string') return;
  const consent = await getConsent(consentId);
  if (!consent || consent.grantId !== grantId || !canTransition(consent.status, 'Revoked')) return;
  const at = new Date().toISOString();
  await transitionConsent(
    { consentId, clientId: consent.clientId, from: consent.status, to: 'Revoked', at },
    consentStatusChanged(consent, 'Revoked', at),
  );
}
