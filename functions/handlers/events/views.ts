import { UnsecuredJWT } from 'jose';
import type { ClientEvent } from '#domain/events.ts';
import type { Schemas } from '#http/respond.ts';

/** An event as the feed lists it: the webhook body (`type`, `timestamp`, `data`) with its id. */
export function feedEventView(event: ClientEvent): Schemas['FeedEvent'] {
  return {
    id: event.eventId,
    type: event.eventType,
    timestamp: event.occurredAt,
    data: event.data,
  } as Schemas['FeedEvent'];
}

/**
 * An event as a Security Event Token (RFC 8417) for aggregated polling: `jti` the event id,
 * `toe` its time, `sub` the resource, one member of `events` keyed by the type's URN holding the
 * event's data. Unsecured (`alg: none`): the DPoP-bound TLS channel authenticates the poll.
 */
export function securityEventToken(event: ClientEvent, issuer: string): string {
  return new UnsecuredJWT({
    sub: event.resourceId,
    toe: Math.floor(Date.parse(event.occurredAt) / 1000),
    events: { [`urn:vn:ob:events:${event.eventType}`]: event.data },
  })
    .setIssuer(issuer)
    .setAudience(event.clientId)
    .setJti(event.eventId)
    .setIssuedAt()
    .encode();
}
