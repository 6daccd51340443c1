import { valueOrThrow } from '#domain/errors.ts';
import { parseEndpointChange } from '#domain/webhooks/endpoint.ts';
import { apiHandler } from '#http/api-handler.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { sandboxMode } from '#use-cases/webhooks/destination.ts';
import { changeEndpoint } from '#use-cases/webhooks/endpoints.ts';
import { endpointView } from './views.ts';

/** PATCH /v1/webhook-endpoints/{WebhookEndpointId}: its URL, events, description or disabled state. */
export const handler = apiHandler<Incoming<Schemas['WebhookEndpointChange']>>(async (request) => {
  const command = valueOrThrow(parseEndpointChange(request.body, { sandbox: sandboxMode() }));
  const endpoint = await changeEndpoint(
    request.caller!.clientId,
    request.params.WebhookEndpointId ?? '',
    command,
  );
  return respond(request, 'WebhookEndpointResponse', { data: endpointView(endpoint) });
});
