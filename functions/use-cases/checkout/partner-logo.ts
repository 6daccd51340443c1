import { type PartnerLogo, parsePartnerLogo } from '#domain/checkout/partner-logo.ts';
import { DomainError } from '#domain/errors.ts';
import { deletePartnerLogo, getPartnerLogo, putPartnerLogo } from '#store/checkout/partner-logo.ts';

/** Sets the calling partner's logo for its hosted checkout pages; nothing is stored unless every check passes. */
export async function setPartnerLogo(
  clientId: string,
  input: { ContentType?: unknown; Data?: unknown } | undefined,
  now: Date,
): Promise<PartnerLogo> {
  const logo = parsePartnerLogo(input);
  await putPartnerLogo(clientId, logo, now);
  return logo;
}

/** The calling partner's own logo (a partner only ever names itself: the id is the caller's). */
export async function ownPartnerLogo(clientId: string): Promise<PartnerLogo> {
  const logo = await getPartnerLogo(clientId);
  if (!logo) {
    throw new DomainError(
      'not-found',
      'VN.OB.PartnerLogo.NotSet',
      'No logo is set: PUT /v1/partner/logo sets one.',
    );
  }
  return logo;
}

/** Removes the calling partner's logo, if any (so DELETE is idempotent): its pages show the monogram again. */
export async function removePartnerLogo(clientId: string): Promise<void> {
  await deletePartnerLogo(clientId);
}
