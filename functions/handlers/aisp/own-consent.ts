import { NotFoundError } from '#http/errors.ts';
import type { ApiRequest } from '#http/request.ts';
import { type Consent, getConsent } from '#store/consents.ts';

/** The consent named in the path, if it is this client's and of this kind; 404 otherwise. */
export async function ownConsent(request: ApiRequest, kind: Consent['kind']): Promise<Consent> {
  const consentId = request.params.ConsentId ?? '';
  const consent = consentId.length <= 128 ? await getConsent(consentId) : undefined;
  if (!consent || consent.clientId !== request.caller?.clientId || consent.kind !== kind) {
    throw new NotFoundError(`No consent ${consentId} for this client.`);
  }
  return consent;
}
