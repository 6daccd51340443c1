import { decodeJwt } from 'jose';
import type { Calls } from './calls.ts';
import { ServerError } from './errors.ts';
import type { components } from './generated/schema.ts';

/** An event as the feed lists it and a webhook delivers it: `id` (the `webhook-id`), `type`, `timestamp`, `data`. */
export type FeedEvent = components['schemas']['FeedEvent'];

/** How {@link pollEvents} polls `POST /v1/events`. */
export interface PollOptions {
  /** Events per poll, 1 to 100 (default 20). */
  maxEvents?: number;
  /**
   * Keep long-polling while nothing is waiting (the platform holds each poll up to 8 s), until
   * you leave the loop. Default: stop once every waiting event has been handed out and acknowledged.
   */
  follow?: boolean;
}

const URN = 'urn:vn:ob:events:';

/** The event a Security Event Token carries (RFC 8417: `jti`, `toe`, one member of `events`). */
function eventOfToken(token: string): FeedEvent {
  const claims = decodeJwt(token) as { jti?: string; toe?: number; events?: Record<string, unknown> };
  const [urn, data] = Object.entries(claims.events ?? {})[0] ?? [];
  if (!claims.jti || !urn?.startsWith(URN) || typeof claims.toe !== 'number') {
    throw new ServerError(200, 'POST /v1/events answered a Security Event Token without jti, toe or event');
  }
  return {
    id: claims.jti,
    type: urn.slice(URN.length),
    timestamp: new Date(claims.toe * 1000).toISOString(),
    data,
  } as FeedEvent;
}

/**
 * Aggregated polling (RFC 8936, `POST /v1/events`) as a loop: yields each event not yet
 * acknowledged, oldest first, and acknowledges it with the next poll once your loop body has
 * finished with it (asked for the next one). Leaving the loop early, by `break` or by an error,
 * acknowledges what was finished and leaves the current event to come back on a later poll:
 * delivery is at least once, so handle events idempotently (by `id`).
 *
 * @example
 * for await (const event of ob.events.poll()) {
 *   if (event.type === 'bill.paid') await markPaid(event.data.BillId);
 * }
 */
export function pollEvents(calls: Calls) {
  return async function* poll(options: PollOptions = {}): AsyncGenerator<FeedEvent, void, undefined> {
    const maxEvents = options.maxEvents ?? 20;
    let ack: string[] = [];
    try {
      for (;;) {
        const { data, error } = await calls.POST('/v1/events', {
          body: { maxEvents, returnImmediately: !options.follow, ack },
        });
        if (error) throw error;
        ack = [];
        // `sets` is keyed by event id in the order the platform gave them: oldest first.
        const events = Object.values(data.sets).map(eventOfToken);
        for (const event of events) {
          yield event;
          ack.push(event.id);
        }
        if (events.length === 0 && !data.moreAvailable && !options.follow) return;
      }
    } finally {
      // The loop's own outcome stands: an acknowledgement that fails here only means those
      // events come back on a later poll, which at-least-once handling absorbs.
      if (ack.length > 0) {
        await calls
          .POST('/v1/events', { body: { maxEvents: 0, returnImmediately: true, ack } })
          .catch(() => undefined);
      }
    }
  };
}
