import type { ApiRequest, ApiResponse } from '#http/request.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { ownPartnerLogo, removePartnerLogo, setPartnerLogo } from '#use-cases/checkout/partner-logo.ts';

/** The partner logo's path: GET is served by `get-session.ts`'s Lambda, PUT and DELETE by `create-session.ts`'s. */
export const PARTNER_LOGO_PATH = '/v1/partner/logo';

type LogoBody = Incoming<Schemas['PartnerLogoRequest']>;

/**
 * PUT, GET and DELETE /v1/partner/logo: the calling city partner's logo on its hosted checkout
 * pages. PUT replaces it whole (the same body twice leaves the same logo); DELETE brings back
 * the monogram.
 */
export async function partnerLogoRoute(request: ApiRequest): Promise<ApiResponse> {
  const clientId = request.caller!.clientId;
  if (request.route.method === 'DELETE') {
    await removePartnerLogo(clientId);
    return { status: 204 };
  }
  const logo =
    request.route.method === 'PUT'
      ? await setPartnerLogo(clientId, (request.body as unknown as LogoBody | undefined)?.Data, new Date())
      : await ownPartnerLogo(clientId);
  return respond(request, 'PartnerLogoResponse', {
    data: { ContentType: logo.contentType, Data: logo.data },
  });
}
