import type { Consent } from './consent.ts';
import { type NewEvent, nextSequence } from './events.ts';

const typeOf = {
  Authorised: 'consent.authorised',
  Revoked: 'consent.revoked',
  Expired: 'consent.expired',
} as const;

/**
 * The consent's client's event for `consent` (as read, before the change) moving to `status`
 * at `at`: `consent.authorised`, `consent.revoked` or `consent.expired`, for account-access and
 * domestic-payment consents alike (`ConsentType` tells them apart).
 */
export function consentStatusChanged(
  consent: Pick<Consent, 'consentId' | 'clientId' | 'kind' | 'statusHistory' | 'expiresAt'>,
  status: keyof typeof typeOf,
  at: string,
): NewEvent {
  return {
    clientId: consent.clientId,
    type: typeOf[status],
    resourceId: consent.consentId,
    sequence: nextSequence(consent),
    occurredAt: new Date(at),
    data: {
      ConsentId: consent.consentId,
      ConsentType: consent.kind,
      Status: status,
      StatusUpdateDateTime: at,
      ...(consent.expiresAt ? { ExpirationDateTime: consent.expiresAt } : {}),
    },
  };
}
