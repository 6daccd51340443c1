import { valueOrThrow } from '#domain/errors.ts';
import { parseFeedLimit } from '#domain/event-polling.ts';
import { apiHandler } from '#http/api-handler.ts';
import { respond } from '#http/respond.ts';
import { listOwnEvents } from '#use-cases/events/list-own-events.ts';
import { feedEventView } from './views.ts';

/** GET /v1/events?after=<cursor>: the caller's events in order, paged by `Links.Next`. */
export const handler = apiHandler(async (request) => {
  const limit = valueOrThrow(parseFeedLimit(request.query.limit));
  const page = await listOwnEvents(request.caller!.clientId, {
    limit,
    ...(request.query.after !== undefined ? { after: request.query.after } : {}),
  });
  let next: string | undefined;
  if (page.more && page.cursor) {
    const url = new URL(request.url);
    url.searchParams.set('after', page.cursor);
    next = url.href;
  }
  return respond(request, 'EventFeedResponse', {
    data: { Events: page.events.map(feedEventView) },
    next,
    meta: page.cursor ? { Cursor: page.cursor } : {},
  });
});
