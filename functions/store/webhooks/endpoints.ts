import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NewEvent } from '#domain/events.ts';
import type { WebhookEndpoint } from '#domain/webhooks/endpoint.ts';
import { documents, mainTableName } from '../client.ts';
import { eventItem } from '../events.ts';
import { keys, WEBHOOK_ENDPOINT_SK_PREFIX } from '../keys.ts';
import { writeTogether } from '../transact.ts';

/**
 * Webhook endpoints: one partition per client (`WHEP#<clientId>`), so every read is keyed by
 * the caller's own client id and one client can never reach another's endpoint.
 */
type EndpointItem = WebhookEndpoint & { type: 'WebhookEndpoint' };

const strip = ({ pk: _pk, sk: _sk, type: _type, ...endpoint }: Record<string, unknown>) =>
  endpoint as unknown as WebhookEndpoint;

/** A client may keep at most this many endpoints (one Query reads them all). */
export const MAX_ENDPOINTS_PER_CLIENT = 50;

export async function insertEndpoint(endpoint: WebhookEndpoint): Promise<void> {
  const item: EndpointItem = { type: 'WebhookEndpoint', ...endpoint };
  await documents.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: { ...keys.webhookEndpoint(endpoint.clientId, endpoint.endpointId), ...item },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** The endpoint if this client has it (strongly consistent). */
export async function getEndpoint(
  clientId: string,
  endpointId: string,
): Promise<WebhookEndpoint | undefined> {
  const { Item } = await documents.send(
    new GetCommand({
      TableName: mainTableName(),
      Key: keys.webhookEndpoint(clientId, endpointId),
      ConsistentRead: true,
    }),
  );
  return Item ? strip(Item) : undefined;
}

/** Every endpoint of a client, oldest first. */
export async function listEndpoints(clientId: string): Promise<WebhookEndpoint[]> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: mainTableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.webhookEndpoint(clientId, '').pk,
        ':prefix': WEBHOOK_ENDPOINT_SK_PREFIX,
      },
      ConsistentRead: true,
      Limit: MAX_ENDPOINTS_PER_CLIENT,
    }),
  );
  return (Items ?? []).map(strip).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Replaces the endpoint if it still exists and nobody changed it since `previous` was read. */
export async function replaceEndpoint(previous: WebhookEndpoint, next: WebhookEndpoint): Promise<boolean> {
  const item: EndpointItem = { type: 'WebhookEndpoint', ...next };
  try {
    await documents.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: { ...keys.webhookEndpoint(next.clientId, next.endpointId), ...item },
        ConditionExpression: 'attribute_exists(pk) AND updatedAt = :previous',
        ExpressionAttributeValues: { ':previous': previous.updatedAt },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** Deletes the endpoint; false when this client has no such endpoint. */
export async function deleteEndpoint(clientId: string, endpointId: string): Promise<boolean> {
  try {
    await documents.send(
      new DeleteCommand({
        TableName: mainTableName(),
        Key: keys.webhookEndpoint(clientId, endpointId),
        ConditionExpression: 'attribute_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Records a delivery outcome on the endpoint: a success clears `failingSince`; a failure sets
 * it unless already set. Returns the endpoint as it is now (undefined if it was deleted).
 */
export async function recordEndpointHealth(
  endpoint: Pick<WebhookEndpoint, 'clientId' | 'endpointId'>,
  outcome: { ok: true } | { ok: false; at: string },
): Promise<WebhookEndpoint | undefined> {
  try {
    const { Attributes } = await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.webhookEndpoint(endpoint.clientId, endpoint.endpointId),
        ConditionExpression: 'attribute_exists(pk)',
        ...(outcome.ok
          ? { UpdateExpression: 'REMOVE failingSince' }
          : {
              UpdateExpression: 'SET failingSince = if_not_exists(failingSince, :at)',
              ExpressionAttributeValues: { ':at': outcome.at },
            }),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? strip(Attributes) : undefined;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}

/** The endpoint is not enabled (any more): nothing to disable. */
class AlreadyDisabled extends Error {}

/**
 * Disables an enabled endpoint, with the event that tells its owner (if any) in the same
 * transaction; true if this call disabled it, so the owner is told exactly once.
 */
export async function disableEndpoint(
  endpoint: Pick<WebhookEndpoint, 'clientId' | 'endpointId'>,
  reason: NonNullable<WebhookEndpoint['disabledReason']>,
  at: string,
  tell?: NewEvent,
): Promise<boolean> {
  try {
    await writeTogether([
      {
        label: 'webhook endpoint',
        item: {
          Update: {
            TableName: mainTableName(),
            Key: keys.webhookEndpoint(endpoint.clientId, endpoint.endpointId),
            ConditionExpression: 'attribute_exists(pk) AND disabled = :false',
            UpdateExpression: 'SET disabled = :true, disabledReason = :reason, updatedAt = :at',
            ExpressionAttributeValues: { ':false': false, ':true': true, ':reason': reason, ':at': at },
          },
        },
        onConditionFailed: () => new AlreadyDisabled(),
      },
      ...(tell ? [eventItem(tell)] : []),
    ]);
    return true;
  } catch (error) {
    if (error instanceof AlreadyDisabled) return false;
    throw error;
  }
}
