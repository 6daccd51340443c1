import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DeliveryAttempt, WebhookDelivery } from '#domain/webhooks/delivery.ts';
import { documents, mainTableName } from '../client.ts';
import { listDue } from '../due-index.ts';
import { keys, WEBHOOK_DUE_SHARDS, webhooksDuePartition } from '../keys.ts';
import { writeTogether } from '../transact.ts';

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
        UpdateExpression: 'SET attempts = :next, nextAttemptAt = :lease, gsi1sk = :due, lastAttemptAt = :now',
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

/** Records an attempt and the delivery's new state together (guarded by the claim). */
export async function recordAttempt(
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
  await writeTogether([
    {
      label: 'webhook delivery',
      item: {
        Update: {
          TableName: table(),
          Key: keys.webhookDelivery(delivery.endpointId, delivery.occurredAt, delivery.eventId),
          ConditionExpression: 'attempts = :claimed',
          UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        },
      },
    },
    {
      label: 'webhook attempt',
      item: {
        Put: {
          TableName: table(),
          Item: {
            ...keys.webhookAttempt(attempt.endpointId, attempt.attemptedAt, attempt.eventId, attempt.attempt),
            type: 'WebhookAttempt',
            ...attempt,
          },
        },
      },
    },
  ]);
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
 * Moves a pending delivery's place in the due index to `until`, if nobody attempted it since
 * it was read: the sweeper calls this before putting it back on the queue, so one delivery is
 * re-queued at most once per sweep window however long a backlog lasts.
 */
export async function postponeSweep(delivery: WebhookDelivery, until: Date): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: table(),
        Key: keys.webhookDelivery(delivery.endpointId, delivery.occurredAt, delivery.eventId),
        ConditionExpression: '#status = :pending AND attempts = :attempts',
        UpdateExpression: 'SET gsi1sk = :due',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pending': 'Pending',
          ':attempts': delivery.attempts,
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
