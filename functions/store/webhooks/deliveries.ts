import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DeliveryAttempt, WebhookDelivery } from '#domain/webhooks/delivery.ts';
import { documents, mainTableName } from '../client.ts';
import { listDue } from '../due-index.ts';
import { keys, WEBHOOK_DUE_SHARDS, webhooksDuePartition } from '../keys.ts';

/**
 * Webhook deliveries and their attempts. Layout, beside the table in `keys.ts`:
 *
 * | item     | pk                 | sk                              | gsi1pk / gsi1sk (Pending only)                   |
 * |----------|--------------------|---------------------------------|--------------------------------------------------|
 * | delivery | WHDLV#<endpointId> | <occurredAt>#<eventId>          | WHDUE#<shard> / <nextAttemptAt>#<endpointId>#<eventId> |
 * | attempt  | WHATT#<endpointId> | <attemptedAt>#<eventId>#<n>     |                                                  |
 *
 * The sparse due index holds exactly the pending deliveries, by when they are due: the sweeper
 * reads it to put back on the queue whatever the queue lost (a restart, a crash mid-attempt).
 */
const table = () => mainTableName();
const conditionFailed = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

function strip(item: Record<string, unknown>): WebhookDelivery {
  const { pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _type, ...delivery } = item;
  return delivery as unknown as WebhookDelivery;
}

/** Stores a new delivery; false when this event was dispatched to this endpoint already. */
export async function insertDelivery(delivery: WebhookDelivery): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName: table(),
        Item: {
          ...keys.webhookDelivery(delivery.endpointId, delivery.occurredAt, delivery.eventId),
          ...keys.webhookDue(delivery.endpointId, delivery.eventId, delivery.nextAttemptAt!),
          type: 'WebhookDelivery',
          ...delivery,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** BatchGetItem's most keys in one request. */
const GET_BATCH = 100;
/** BatchWriteItem's most items in one request. */
export const WRITE_BATCH = 25;

const keyOf = (delivery: WebhookDelivery) =>
  keys.webhookDelivery(delivery.endpointId, delivery.occurredAt, delivery.eventId);

/**
 * The deliveries not stored yet (a stream batch dispatched again finds its deliveries stored):
 * one consistent BatchGetItem per 100.
 */
export async function unstoredDeliveries(deliveries: readonly WebhookDelivery[]): Promise<WebhookDelivery[]> {
  const stored = new Set<string>();
  for (let start = 0; start < deliveries.length; start += GET_BATCH) {
    let wanted: Record<string, unknown>[] | undefined = deliveries.slice(start, start + GET_BATCH).map(keyOf);
    while (wanted && wanted.length > 0) {
      const read: BatchGetCommandOutput = await documents.send(
        new BatchGetCommand({
          RequestItems: { [table()]: { Keys: wanted, ConsistentRead: true, ProjectionExpression: 'pk, sk' } },
        }),
      );
      for (const item of read.Responses?.[table()] ?? []) stored.add(`${item.pk}|${item.sk}`);
      wanted = read.UnprocessedKeys?.[table()]?.Keys;
    }
  }
  return deliveries.filter((delivery) => {
    const key = keyOf(delivery);
    return !stored.has(`${key.pk}|${key.sk}`);
  });
}

/**
 * Stores up to 25 new deliveries in one BatchWriteItem (items it leaves unprocessed are sent
 * again, after a growing pause). It takes no condition, so the dispatcher calls it only with
 * what {@link unstoredDeliveries} found missing: a stream shard's records are dispatched by one
 * consumer at a time, in order, so nothing else writes these keys between that read and this write.
 */
export function storeDeliveries(deliveries: readonly WebhookDelivery[]): Promise<void> {
  return putAll(
    deliveries.map((delivery) => ({
      ...keyOf(delivery),
      ...keys.webhookDue(delivery.endpointId, delivery.eventId, delivery.nextAttemptAt!),
      type: 'WebhookDelivery',
      ...delivery,
    })),
  );
}

/** Up to 25 new items in one BatchWriteItem; what it leaves unprocessed is sent again after a growing pause. */
async function putAll(items: readonly Record<string, unknown>[]): Promise<void> {
  if (items.length > WRITE_BATCH) throw new RangeError(`at most ${WRITE_BATCH} items a write`);
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > 10)
      throw new Error(`${requests.length} items were still unprocessed after ${attempt} writes`);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * 2 ** attempt));
    const { UnprocessedItems } = await documents.send(
      new BatchWriteCommand({ RequestItems: { [table()]: requests } }),
    );
    requests = (UnprocessedItems?.[table()] ?? []) as typeof requests;
  }
}

/** A claim: the delivery as claimed, or (not claimed) the delivery as it stands, if it exists. */
export type Claim = { claimed: WebhookDelivery } | { claimed?: undefined; current?: WebhookDelivery };

/**
 * Claims the next attempt in one round trip: only if the delivery is pending, due, and still at
 * the attempt count the message expected, so of two copies of a message (queue and sweeper) one
 * sends. A refused claim answers with the delivery as it stands (read by the same conditional
 * write), so the caller can tell "done already" from "not due yet" without another read.
 * Until `leaseUntil` the attempt is in flight; after it, the sweeper treats it as lost.
 */
export async function claimAttempt(
  message: Pick<WebhookDelivery, 'endpointId' | 'occurredAt' | 'eventId' | 'attempts'>,
  now: Date,
  leaseUntil: Date,
): Promise<Claim> {
  const lease = leaseUntil.toISOString();
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.webhookDelivery(message.endpointId, message.occurredAt, message.eventId),
        ConditionExpression: '#status = :pending AND attempts = :expected AND nextAttemptAt <= :now',
        UpdateExpression:
          'SET attempts = :next, nextAttemptAt = :lease, gsi1sk = :due, lastAttemptAt = :now REMOVE sweeps',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'Pending',
          ':expected': message.attempts,
          ':next': message.attempts + 1,
          ':now': now.toISOString(),
          ':lease': lease,
          ':due': keys.webhookDue(message.endpointId, message.eventId, lease).gsi1sk,
        },
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { claimed: strip(Attributes!) };
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    const item = (error as { Item?: Record<string, AttributeValue> }).Item;
    return item ? { current: strip(unmarshall(item)) } : {};
  }
}

/** What follows an attempt: delivered, failed for good, or another attempt at `nextAttemptAt`. */
export type AfterAttempt =
  | { status: 'Delivered' }
  | { status: 'Failed' }
  | { status: 'Pending'; nextAttemptAt: string };

/**
 * Records what follows an attempt on the delivery, guarded by the claim. The attempt's own
 * record is written apart ({@link storeAttempts}), not in a transaction with this (DynamoDB
 * charges a transaction twice, and this is the hot path of every attempt): neither needs the
 * other, the attempt record being a fact (this attempt was made and ended so) whatever happens
 * next. Should this write fail, the attempt stays in flight until its lease ends and is made again.
 */
export async function recordAfterAttempt(
  delivery: WebhookDelivery,
  attempt: DeliveryAttempt,
  next: AfterAttempt,
): Promise<void> {
  const values: Record<string, unknown> = {
    ':claimed': delivery.attempts,
    ':status': next.status,
    ':at': attempt.attemptedAt,
    ':ms': attempt.responseMs,
  };
  const sets = ['#status = :status', 'lastAttemptAt = :at', 'lastResponseMs = :ms'];
  const removes: string[] = [];
  if (attempt.statusCode !== undefined) {
    sets.push('lastStatusCode = :code');
    values[':code'] = attempt.statusCode;
  } else removes.push('lastStatusCode');
  if (attempt.error !== undefined) {
    sets.push('lastError = :error');
    values[':error'] = attempt.error;
  } else removes.push('lastError');
  if (next.status === 'Pending') {
    sets.push('nextAttemptAt = :due', 'gsi1sk = :dueKey');
    values[':due'] = next.nextAttemptAt;
    values[':dueKey'] = keys.webhookDue(delivery.endpointId, delivery.eventId, next.nextAttemptAt).gsi1sk;
  } else {
    removes.push('nextAttemptAt', 'gsi1pk', 'gsi1sk');
    if (next.status === 'Delivered') sets.push('deliveredAt = :at');
  }
  await documents.send(
    new UpdateCommand({
      TableName: table(),
      Key: keys.webhookDelivery(delivery.endpointId, delivery.occurredAt, delivery.eventId),
      ConditionExpression: 'attempts = :claimed',
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    }),
  );
}

/** Stores up to 25 attempts' records in one write (the delivery worker gathers a batch's). */
export function storeAttempts(attempts: readonly DeliveryAttempt[]): Promise<void> {
  return putAll(
    attempts.map((attempt) => ({
      ...keys.webhookAttempt(attempt.endpointId, attempt.attemptedAt, attempt.eventId, attempt.attempt),
      type: 'WebhookAttempt',
      ...attempt,
    })),
  );
}

/** Pending deliveries due at or before `now` (in flight past their lease included), at most `limit`. */
export function listDueDeliveries(now: Date, limit: number): Promise<WebhookDelivery[]> {
  return listDue<Record<string, unknown>>({
    shards: WEBHOOK_DUE_SHARDS,
    partition: webhooksDuePartition,
    now,
    limit,
  }).then((items) => items.map(strip));
}

/** A page of an endpoint's attempts, newest first; `after` is the cursor the previous page returned. */
export async function listAttempts(
  endpointId: string,
  options: { limit: number; after?: string },
): Promise<{ attempts: DeliveryAttempt[]; next?: string }> {
  const pk = keys.webhookAttempt(endpointId, '', '', 0).pk;
  const result = await documents.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      ScanIndexForward: false,
      Limit: options.limit,
      ...(options.after ? { ExclusiveStartKey: { pk, sk: options.after } } : {}),
    }),
  );
  const attempts = (result.Items ?? []).map(
    ({ pk: _pk, sk: _sk, type: _type, ...attempt }) => attempt as DeliveryAttempt,
  );
  const last = result.LastEvaluatedKey?.sk as string | undefined;
  return { attempts, ...(last ? { next: last } : {}) };
}

/** Every delivery to an endpoint of an event that occurred at or after `since`, oldest first, page by page. */
export async function* deliveriesSince(
  endpointId: string,
  since?: string,
): AsyncGenerator<WebhookDelivery[]> {
  const pk = keys.webhookDelivery(endpointId, '', '').pk;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: table(),
        ...(since
          ? {
              KeyConditionExpression: 'pk = :pk AND sk >= :since',
              ExpressionAttributeValues: { ':pk': pk, ':since': since },
            }
          : { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } }),
        ExclusiveStartKey: start,
        Limit: 100,
      }),
    );
    yield (page.Items ?? []).map(strip);
    start = page.LastEvaluatedKey;
  } while (start);
}

/**
 * Starts a new round for a finished delivery (a replay): pending, due now, a full schedule.
 * Only if it is still in the status it was read in; false otherwise.
 */
export async function restartDelivery(
  delivery: WebhookDelivery,
  now: Date,
): Promise<WebhookDelivery | undefined> {
  const at = now.toISOString();
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.webhookDelivery(delivery.endpointId, delivery.occurredAt, delivery.eventId),
        ConditionExpression: '#status = :was AND attempts = :attempts',
        UpdateExpression:
          'SET #status = :pending, roundStart = attempts, nextAttemptAt = :at, gsi1pk = :duePk, gsi1sk = :dueSk',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':was': delivery.status,
          ':attempts': delivery.attempts,
          ':pending': 'Pending',
          ':at': at,
          ':duePk': keys.webhookDue(delivery.endpointId, delivery.eventId, at).gsi1pk,
          ':dueSk': keys.webhookDue(delivery.endpointId, delivery.eventId, at).gsi1sk,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? strip(Attributes) : undefined;
  } catch (error) {
    if (conditionFailed(error)) return undefined;
    throw error;
  }
}

/**
 * Moves a pending delivery's place in the due index `graceMs × 2^sweeps` past `now`, if nobody
 * attempted it since it was read: the sweeper calls this before putting it back on the queue.
 * Each sweep of the same attempt waits twice as long as the last, so a queue that is merely
 * behind (its message still waiting) gets a few duplicates at most, however long it stays
 * behind; a claim resets the count.
 */
export async function postponeSweep(delivery: WebhookDelivery, now: Date, graceMs: number): Promise<boolean> {
  const sweeps = delivery.sweeps ?? 0;
  const until = new Date(now.getTime() + graceMs * 2 ** Math.min(sweeps, MAX_SWEEP_DOUBLINGS));
  try {
    await documents.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.webhookDelivery(delivery.endpointId, delivery.occurredAt, delivery.eventId),
        ConditionExpression: '#status = :pending AND attempts = :attempts',
        UpdateExpression: 'SET gsi1sk = :due, sweeps = :sweeps',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'Pending',
          ':attempts': delivery.attempts,
          ':sweeps': sweeps + 1,
          ':due': keys.webhookDue(delivery.endpointId, delivery.eventId, until.toISOString()).gsi1sk,
        },
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** A delivery's re-queue waits grow no longer than `graceMs × 2^10` (17 h at the 60 s default). */
const MAX_SWEEP_DOUBLINGS = 10;
