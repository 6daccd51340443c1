import type { PollRequest } from '#domain/event-polling.ts';
import type { ClientEvent } from '#domain/events.ts';
import { acknowledgeEvents, listPendingEvents } from '#store/events.ts';

/**
 * The longest a poll waits for an event (`returnImmediately: false`), read once at cold start:
 * under the Lambda's 10 s timeout by default; tests set it short.
 */
const LONG_POLL_MS = Number(process.env.EVENTS_LONG_POLL_MS ?? 8_000);
/** How often a waiting poll looks again. */
const LOOK_AGAIN_MS = 250;

/**
 * One aggregated poll (RFC 8936): records the client's acknowledgements and errors first (all
 * or nothing: an id that is not the caller's event refuses the request), then returns up to
 * `maxEvents` of its events not yet acknowledged, oldest first, waiting up to the long-poll
 * bound for one to arrive unless `returnImmediately`.
 */
export async function pollEvents(
  clientId: string,
  request: PollRequest,
  now: () => Date = () => new Date(),
): Promise<{ events: ClientEvent[]; more: boolean }> {
  await acknowledgeEvents(clientId, request.acknowledgements, now());
  if (request.maxEvents === 0) {
    const { events } = await listPendingEvents(clientId, 1);
    return { events: [], more: events.length > 0 };
  }
  const deadline = Date.now() + (request.returnImmediately ? 0 : LONG_POLL_MS);
  for (;;) {
    const page = await listPendingEvents(clientId, request.maxEvents);
    const left = deadline - Date.now();
    if (page.events.length > 0 || left <= 0) return page;
    await new Promise((resolve) => setTimeout(resolve, Math.min(LOOK_AGAIN_MS, left)));
  }
}
