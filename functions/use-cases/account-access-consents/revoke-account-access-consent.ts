import { getOwnConsent } from '../consents/get-own-consent.ts';
import { revokeConsent } from '../consents/revoke-consent.ts';

/**
 * The client withdraws its account-access consent: it and every token under it stop working
 * at once. 404 for any id that is not this client's account-access consent; revoking one
 * already ended changes nothing.
 */
export async function revokeAccountAccessConsent(
  clientId: string,
  consentId: string,
  now = new Date(),
): Promise<void> {
  await revokeConsent(await getOwnConsent(clientId, consentId, 'account-access'), now);
}
