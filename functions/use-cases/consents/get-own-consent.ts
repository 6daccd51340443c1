import type { Consent, ConsentKind } from '#domain/consent.ts';
import { notFound } from '#domain/errors.ts';
import { getConsent } from '#store/consents.ts';

/**
 * The consent `consentId` if it is this client's and of this kind; otherwise 404, whether it
 * exists or not, so ids of other clients' consents reveal nothing.
 */
export async function getOwnConsent(
  clientId: string,
  consentId: string,
  kind: ConsentKind,
): Promise<Consent> {
  const consent = consentId.length <= 128 ? await getConsent(consentId) : undefined;
  if (!consent || consent.clientId !== clientId || consent.kind !== kind) {
    throw notFound(`No consent ${consentId} for this client.`);
  }
  return consent;
}
