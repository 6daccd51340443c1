import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { listOwnEndpoints } from '#use-cases/webhooks/endpoints.ts';
import { endpointView } from './views.ts';

/** GET /v1/webhook-endpoints: the calling client's endpoints. */
export const handler = apiHandler(async (request) => {
  const endpoints = await listOwnEndpoints(request.caller!.clientId);
  return respond(request, 'WebhookEndpointsResponse', {
    data: { WebhookEndpoint: endpoints.map((endpoint) => endpointView(endpoint)) },
  });
});
