import { valueOrThrow } from '#domain/errors.ts';
import { parseReplayRequest } from '#domain/webhooks/endpoint.ts';
import { apiHandler } from '#http/api-handler.ts';
import { type Incoming, respond, type Schemas } from '#http/respond.ts';
import { replayDeliveries } from '#use-cases/webhooks/inspect-and-replay.ts';

/** POST /v1/webhook-endpoints/{WebhookEndpointId}/replay: sends failed (or all) deliveries again. */
export const handler = apiHandler<Incoming<Schemas['WebhookReplayRequest']>>(async (request) => {
  const command = valueOrThrow(parseReplayRequest(request.body));
  const replayed = await replayDeliveries(
    request.caller!.clientId,
    request.params.WebhookEndpointId ?? '',
    command,
  );
  return { ...respond(request, 'WebhookReplayResponse', { data: { Replayed: replayed } }), status: 202 };
});
