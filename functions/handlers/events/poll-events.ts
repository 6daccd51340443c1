import { valueOrThrow } from '#domain/errors.ts';
import { parsePollRequest } from '#domain/event-polling.ts';
import { apiHandler } from '#http/api-handler.ts';
import type { Incoming, Schemas } from '#http/respond.ts';
import { pollEvents } from '#use-cases/events/poll-events.ts';
import { securityEventToken } from './views.ts';

/** POST /v1/events: UK Open Banking aggregated polling (RFC 8936): acknowledge, then receive. */
export const handler = apiHandler<Incoming<Schemas['EventPollRequest']>>(async (request) => {
  const poll = valueOrThrow(parsePollRequest(request.body));
  const { events, more } = await pollEvents(request.caller!.clientId, poll);
  const body: Schemas['EventPollResponse'] = {
    sets: Object.fromEntries(
      events.map((event) => [event.eventId, securityEventToken(event, request.url.origin)]),
    ),
    moreAvailable: more,
  };
  return { status: 200, body };
});
