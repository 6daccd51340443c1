import { apiHandler } from '#http/api-handler.ts';
import { removeEndpoint } from '#use-cases/webhooks/endpoints.ts';

/** DELETE /v1/webhook-endpoints/{WebhookEndpointId}: nothing more is sent to it. */
export const handler = apiHandler(async (request) => {
  await removeEndpoint(request.caller!.clientId, request.params.WebhookEndpointId ?? '');
  return { status: 204 };
});
