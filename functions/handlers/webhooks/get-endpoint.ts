import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { getOwnEndpoint } from '#use-cases/webhooks/endpoints.ts';
import { endpointView } from './views.ts';

/** GET /v1/webhook-endpoints/{WebhookEndpointId}. */
export const handler = apiHandler(async (request) => {
  const endpoint = await getOwnEndpoint(request.caller!.clientId, request.params.WebhookEndpointId ?? '');
  return respond(request, 'WebhookEndpointResponse', { data: endpointView(endpoint) });
});
