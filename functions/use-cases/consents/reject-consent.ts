import type { Consent } from '#domain/consent.ts';
import { transitionConsent } from '#store/consents.ts';

/**
 * The customer refuses a consent awaiting their authorisation: it becomes Rejected, recording
 * who refused. Returns whether this call rejected it (false when it had moved on meanwhile).
 */
export function rejectConsent(consent: Consent, customerId: string, at: Date): Promise<boolean> {
  return transitionConsent({
    consentId: consent.consentId,
    clientId: consent.clientId,
    from: 'AwaitingAuthorisation',
    to: 'Rejected',
    at: at.toISOString(),
    set: { customerId },
  });
}
