import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { rotateEndpointSecret } from '#use-cases/webhooks/endpoints.ts';
import { endpointView } from './views.ts';

/**
 * POST /v1/webhook-endpoints/{WebhookEndpointId}/rotate-secret: a new secret, shown this once;
 * for 24 h deliveries carry a signature by each, so the receiver can switch at leisure.
 */
export const handler = apiHandler(async (request) => {
  const endpoint = await rotateEndpointSecret(
    request.caller!.clientId,
    request.params.WebhookEndpointId ?? '',
  );
  return respond(request, 'WebhookEndpointResponse', { data: endpointView(endpoint, { withSecret: true }) });
});
