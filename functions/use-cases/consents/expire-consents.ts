import { consentStatusChanged } from '#domain/consent-events.ts';
import { logger } from '#runtime/logger.ts';
import {
  type ConsentExpiryMarker,
  consentExpiryRemoval,
  getConsent,
  listDueConsentExpiries,
  removeConsentExpiry,
  transitionConsent,
} from '#store/consents.ts';

/** Consents handled per run; a larger backlog is finished by the next runs. */
const BATCH = 500;
/** Consents handled at once. */
const PARALLEL = 8;

export interface ExpiryResult {
  /** Consents past their expiry that were still open, now `Expired` with their event. */
  expired: number;
  /** Markers of consents that had ended otherwise (consumed, revoked, rejected), removed. */
  cleared: number;
  /** Consents that moved on between the read and the write; the next run looks again. */
  skipped: number;
  /** Consents that could not be handled now (logged); the next run tries again. */
  failed: number;
}

/**
 * Ends consents whose expiry has passed. A consent past `ExpirationDateTime` already grants
 * nothing (the resource server reads its effective status); this records the `Expired` status
 * and tells the client with `consent.expired`, in one transaction that also removes the
 * consent's expiry marker. `clientId` keeps to one client's consents (a test's).
 */
export async function expireConsents(
  options: { now?: Date; clientId?: string; limit?: number } = {},
): Promise<ExpiryResult> {
  const now = options.now ?? new Date();
  const due = await listDueConsentExpiries({
    now,
    limit: options.limit ?? BATCH,
    ...(options.clientId ? { clientId: options.clientId } : {}),
  });
  const result: ExpiryResult = { expired: 0, cleared: 0, skipped: 0, failed: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, due.length) }, async () => {
      while (next < due.length) {
        const marker = due[next++]!;
        try {
          result[await expireOne(marker, now)]++;
        } catch (error) {
          logger.error('consent not expired', { consentId: marker.consentId, error });
          result.failed++;
        }
      }
    }),
  );
  return result;
}

async function expireOne(marker: ConsentExpiryMarker, now: Date): Promise<keyof ExpiryResult> {
  const consent = await getConsent(marker.consentId);
  const open = consent?.status === 'Authorised' || consent?.status === 'AwaitingAuthorisation';
  if (!consent || !open) {
    await removeConsentExpiry(marker.consentId);
    return 'cleared';
  }
  if (!consent.expiresAt || Date.parse(consent.expiresAt) > now.getTime()) return 'skipped';
  // Stamped now, not at `expiresAt`: the event's place in the feed must follow cursors already handed out.
  const at = now.toISOString();
  const expired = await transitionConsent(
    { consentId: consent.consentId, clientId: consent.clientId, from: consent.status, to: 'Expired', at },
    consentStatusChanged(consent, 'Expired', at),
    [consentExpiryRemoval(consent.consentId)],
  );
  return expired ? 'expired' : 'skipped';
}
