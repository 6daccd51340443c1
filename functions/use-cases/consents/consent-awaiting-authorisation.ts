import { type Consent, effectiveStatus } from '#domain/consent.ts';
import { getConsent } from '#store/consents.ts';

/**
 * The consent an authorization request names, while the customer may still decide on it: it
 * is this client's and awaits authorisation at `at`. Undefined otherwise, whichever the reason.
 */
export async function consentAwaitingAuthorisation(
  consentId: string,
  clientId: string,
  at: Date,
): Promise<Consent | undefined> {
  const consent = await getConsent(consentId);
  if (!consent || consent.clientId !== clientId) return undefined;
  return effectiveStatus(consent, at) === 'AwaitingAuthorisation' ? consent : undefined;
}
