import { valueOrThrow } from '#domain/errors.ts';
import { parseSandboxAuthorisationRequest } from '#domain/sandbox/authorisation-request.ts';
import { publicHandler } from '#http/public-handler.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { authoriseAsCustomer } from '#use-cases/sandbox/authorise-as-customer.ts';

/**
 * POST /sandbox/authorisations (sandbox only): a demo customer signs in and answers the consent
 * page of an authorization request without a browser; answers the redirect URI with the code.
 */
export const handler = publicHandler<Incoming<Schemas['SandboxAuthorisationRequest']>>(async (request) => {
  const command = valueOrThrow(parseSandboxAuthorisationRequest(request.body));
  const { redirectUri } = await authoriseAsCustomer(command);
  return respond(request, 'SandboxAuthorisationResponse', { data: { RedirectUri: redirectUri } });
});
