import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { invalid } from '#domain/errors.ts';
import type { NewEvent } from '#domain/events.ts';
import { documents, mainTableName } from './client.ts';
import type { EventItem } from './items.ts';
import { keys } from './keys.ts';
import type { ExtraWrite } from './transact.ts';

/**
 * Client events: one self-contained record per thing a client may be told about, written in
 * the same transaction as the change it reports. Each record is already the webhook message
 * (Standard Webhooks: `webhook-id` = `eventId`, body `{ type, timestamp, data }`), so delivery
 * can come from DynamoDB Streams (INSERT of an item with `type = Event`) or from polling
 * {@link listEvents}, without rewriting the producers.
 */

/** Events are kept 30 days (the polling feed's horizon and the webhook retry window). */
const EVENT_RETENTION_SECONDS = 30 * 24 * 60 * 60;

/**
 * How long after `occurredAt` an event may still appear: an event is stamped when its
 * transaction is built, and contention retries can delay the commit. The polling feed stays
 * this far behind the present so a cursor never skips a late arrival.
 */
const EVENT_SETTLE_MS = 5_000;

const EVENT_ID = /^evt_[0-9A-Za-z]{1,64}$/;

/** The record of an event, as stored and as delivered. */
function eventRecord(input: NewEvent): EventItem {
  if (input.eventId !== undefined && !EVENT_ID.test(input.eventId)) {
    throw new RangeError(`Event id ${input.eventId} is not evt_ followed by 1–64 letters or digits`);
  }
  const occurredAt = (input.occurredAt ?? new Date()).toISOString();
  return {
    type: 'Event',
    eventId: input.eventId ?? `evt_${randomUUID().replaceAll('-', '')}`,
    clientId: input.clientId,
    eventType: input.type,
    occurredAt,
    data: input.data,
    ttl: Math.floor(Date.parse(occurredAt) / 1000) + EVENT_RETENTION_SECONDS,
  };
}

/**
 * An event as a write for a ledger call's `extraWrites` (or any transaction): it exists
 * if and only if the change it reports was committed.
 *
 * @example postTransfer(transfer, { extraWrites: [eventItem({ clientId, type: 'bill.paid', data })] })
 */
export function eventItem(input: NewEvent): ExtraWrite & { event: EventItem } {
  const event = eventRecord(input);
  return {
    event,
    label: 'event',
    item: {
      Put: {
        TableName: mainTableName(),
        Item: { ...keys.event(event.clientId, event.occurredAt, event.eventId), ...event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** Writes an event on its own (for changes that are a single write already). */
export async function publishEvent(input: NewEvent): Promise<EventItem> {
  const { event, item } = eventItem(input);
  await documents.send(new PutCommand(item.Put!));
  return event;
}

/** An opaque position in a client's feed (base64url of the event's sort key). */
export function eventCursor(event: Pick<EventItem, 'occurredAt' | 'eventId'>): string {
  return Buffer.from(`${event.occurredAt}#${event.eventId}`).toString('base64url');
}

const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#evt_[0-9A-Za-z]{1,64}$/;

function sortKeyOf(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!CURSOR.test(decoded)) {
    throw invalid('UK.OBIE.Field.Invalid', 'The cursor is not one this feed returned; start without one.', {
      path: 'after',
    });
  }
  return keys.eventPosition(decoded);
}

export interface EventPage {
  events: EventItem[];
  /** Where to continue from: the last event returned, or the cursor given when there was none. */
  cursor?: string;
  /** True when more settled events follow right away. */
  more: boolean;
}

/**
 * A client's events after `after`, oldest first, up to `limit` (1–100), leaving out the last
 * {@link EVENT_SETTLE_MS} so that an event committed late never lands behind a cursor
 * already handed out.
 */
export async function listEvents(
  clientId: string,
  options: { after?: string; limit?: number; now?: Date; settleMs?: number } = {},
): Promise<EventPage> {
  const limit = Math.min(Math.max(options.limit ?? 50, 1), 100);
  const horizon = new Date((options.now ?? new Date()).getTime() - (options.settleMs ?? EVENT_SETTLE_MS));
  const pk = keys.event(clientId, '', '').pk;
  const after = options.after ? sortKeyOf(options.after) : undefined;
  // `EVENT#<iso>` sorts by time; '$' (0x24) follows '#' (0x23), so this bound takes every event before the horizon.
  const upper = keys.eventPosition(`${horizon.toISOString()}$`);
  if (after && after >= upper) return { events: [], cursor: options.after!, more: false };
  const result = await documents.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: { ':pk': pk, ':lower': keys.eventPosition(''), ':upper': upper },
      ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
      Limit: limit + 1,
    }),
  );
  const items = (result.Items ?? []) as (EventItem & { pk: string; sk: string })[];
  const events = items.slice(0, limit).map(({ pk: _pk, sk: _sk, ...event }) => event as EventItem);
  const last = events.at(-1);
  const cursor = last ? eventCursor(last) : options.after;
  return { events, ...(cursor ? { cursor } : {}), more: items.length > limit };
}
