import { type EventPage, listEvents } from '#store/events.ts';

/** How far behind the present the feed stays (see `listEvents`); read once at cold start. */
const settleMs = Number(process.env.EVENT_FEED_SETTLE_MS ?? 5_000);

/** The caller's own events after `after`, oldest first: the events of its consents, payments, sessions and bills. */
export function listOwnEvents(
  clientId: string,
  options: { after?: string; limit: number },
): Promise<EventPage> {
  return listEvents(clientId, { ...options, settleMs });
}
