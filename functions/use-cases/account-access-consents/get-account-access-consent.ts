import { type Consent, type ConsentStatus, effectiveStatus } from '#domain/consent.ts';
import { getOwnConsent } from '../consents/get-own-consent.ts';

/**
 * This client's account-access consent and its status as of `now` (an expired consent says
 * so); 404 for any other id, whether it exists or not.
 */
export async function getAccountAccessConsent(
  clientId: string,
  consentId: string,
  now = new Date(),
): Promise<{ consent: Consent; status: ConsentStatus }> {
  const consent = await getOwnConsent(clientId, consentId, 'account-access');
  return { consent, status: effectiveStatus(consent, now) };
}
