import { randomBytes } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { invalid } from '#domain/errors.ts';
import type { EventAcknowledgement } from '#domain/event-polling.ts';
import type { NewEvent } from '#domain/events.ts';
import { documents, mainTableName } from './client.ts';
import type { EventItem } from './items.ts';
import { keys } from './keys.ts';
import { type ExtraWrite, writeTogether } from './transact.ts';

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

/**
 * Event ids are time-ordered: `evt_`, the occurrence time in epoch milliseconds as 12 hex
 * digits, then 80 random bits. The id alone then locates the event's item (its sort key holds
 * the time), so an `ack` by id is a direct write, with no index to search.
 */
const EVENT_ID = /^evt_([0-9a-f]{12})[0-9a-f]{20}$/;

function newEventId(occurredAt: Date): string {
  return `evt_${occurredAt.getTime().toString(16).padStart(12, '0')}${randomBytes(10).toString('hex')}`;
}

/** The time an event id was minted for, or undefined when it is not one of ours. */
function occurredAtOf(eventId: string): string | undefined {
  const match = EVENT_ID.exec(eventId);
  if (!match) return undefined;
  const time = new Date(Number.parseInt(match[1]!, 16));
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}

/** The record of an event, as stored and as delivered. */
function eventRecord(input: NewEvent): EventItem {
  if (!Number.isInteger(input.sequence) || input.sequence < 1) {
    throw new RangeError(`Event sequence ${input.sequence} is not a positive integer`);
  }
  const time = input.occurredAt ?? new Date();
  const occurredAt = time.toISOString();
  return {
    type: 'Event',
    eventId: newEventId(time),
    clientId: input.clientId,
    eventType: input.type,
    occurredAt,
    resourceId: input.resourceId,
    sequence: input.sequence,
    data: { ...input.data, Sequence: input.sequence },
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
        Item: {
          ...keys.event(event.clientId, event.occurredAt, event.eventId),
          // Pending for aggregated polling until the client acknowledges it.
          ...keys.eventPending(event.clientId, event.occurredAt, event.eventId),
          ...event,
        },
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
  const items = (result.Items ?? []) as StoredEvent[];
  const events = items.slice(0, limit).map(withoutKeys);
  const last = events.at(-1);
  const cursor = last ? eventCursor(last) : options.after;
  return { events, ...(cursor ? { cursor } : {}), more: items.length > limit };
}

type StoredEvent = EventItem & { pk: string; sk: string; gsi1pk?: string; gsi1sk?: string };

function withoutKeys({ pk: _pk, sk: _sk, gsi1pk: _gpk, gsi1sk: _gsk, ...event }: StoredEvent): EventItem {
  return event;
}

/**
 * A client's events not yet acknowledged (aggregated polling), oldest first, up to `limit`
 * (1–100); `more` when others wait behind them. Read from the sparse pending index, so the
 * cost follows what is pending, not the 30 days of history.
 */
export async function listPendingEvents(
  clientId: string,
  limit: number,
): Promise<{ events: EventItem[]; more: boolean }> {
  const bounded = Math.min(Math.max(limit, 1), 100);
  const result = await documents.send(
    new QueryCommand({
      TableName: mainTableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.eventPending(clientId, '', '').gsi1pk },
      Limit: bounded + 1,
    }),
  );
  const items = (result.Items ?? []) as StoredEvent[];
  return { events: items.slice(0, bounded).map(withoutKeys), more: items.length > bounded };
}

/**
 * Records acknowledgements in one transaction: each event leaves the pending index, keeping
 * when it was first acknowledged and any error the client reported. An id that is not one of
 * this client's events (unknown, malformed, another client's, expired) fails the whole
 * transaction with a 400 naming it, so nothing is stored. At most 100 ids, all distinct.
 */
export async function acknowledgeEvents(
  clientId: string,
  acknowledgements: readonly EventAcknowledgement[],
  at: Date,
): Promise<void> {
  if (acknowledgements.length === 0) return;
  const notOurs = (ack: EventAcknowledgement) =>
    invalid(
      'UK.OBIE.Field.Invalid',
      `${ack.eventId} is not one of your events: acknowledge only ids you polled.`,
      {
        path: ack.path,
      },
    );
  const writes: ExtraWrite[] = acknowledgements.map((ack) => {
    const occurredAt = occurredAtOf(ack.eventId);
    if (!occurredAt) throw notOurs(ack);
    return {
      label: 'event acknowledgement',
      item: {
        Update: {
          TableName: mainTableName(),
          Key: keys.event(clientId, occurredAt, ack.eventId),
          UpdateExpression: `SET acknowledgedAt = if_not_exists(acknowledgedAt, :at)${
            ack.setError ? ', setError = :error' : ''
          } REMOVE gsi1pk, gsi1sk`,
          ConditionExpression: 'attribute_exists(pk) AND clientId = :client',
          ExpressionAttributeValues: {
            ':at': at.toISOString(),
            ':client': clientId,
            ...(ack.setError ? { ':error': ack.setError } : {}),
          },
        },
      },
      onConditionFailed: () => notOurs(ack),
    };
  });
  await writeTogether(writes);
}
