import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { sendTestEvent } from '#use-cases/webhooks/inspect-and-replay.ts';

/** POST /sandbox/webhook-endpoints/{WebhookEndpointId}/test: a signed test event, delivered like any other. */
export const handler = apiHandler(async (request) => {
  const eventId = await sendTestEvent(request.caller!.clientId, request.params.WebhookEndpointId ?? '');
  return { ...respond(request, 'WebhookTestResponse', { data: { EventId: eventId } }), status: 202 };
});
