import { valueOrThrow } from '#domain/errors.ts';
import { parseEndpointRequest } from '#domain/webhooks/endpoint.ts';
import { apiHandler } from '#http/api-handler.ts';
import { created, type Incoming, memberUrl, type Schemas } from '#http/respond.ts';
import { sandboxMode } from '#use-cases/webhooks/destination.ts';
import { registerEndpoint } from '#use-cases/webhooks/endpoints.ts';
import { sealedAnswers } from './sealed-answers.ts';
import { endpointView } from './views.ts';

/** POST /v1/webhook-endpoints: registers where the client's events are posted; answers with its `whsec_` secret (kept sealed for replays). */
export const handler = apiHandler<Incoming<Schemas['WebhookEndpointRequest']>>(
  async (request) => {
    const command = valueOrThrow(parseEndpointRequest(request.body, { sandbox: sandboxMode() }));
    const endpoint = await registerEndpoint(request.caller!.clientId, command);
    return created(request, 'WebhookEndpointResponse', {
      self: memberUrl(request, endpoint.endpointId),
      data: endpointView(endpoint, { withSecret: true }),
    });
  },
  { answerSealing: sealedAnswers },
);
