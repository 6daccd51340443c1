import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ClientLimits } from '#domain/rate-limits.ts';
import { documents, mainTableName } from './client.ts';
import { keys, PK } from './keys.ts';

/** An operator's limits for one client, as stored. */
export interface ClientLimitsItem extends ClientLimits {
  clientId: string;
  updatedAt: string;
}

/** Stores (or replaces) a client's limits. */
export async function putClientLimits(item: ClientLimitsItem): Promise<void> {
  await documents.send(
    new PutCommand({ TableName: mainTableName(), Item: { ...keys.clientLimits(item.clientId), ...item } }),
  );
}

/** Removes a client's own limits (the defaults apply again); false if it had none. */
export async function deleteClientLimits(clientId: string): Promise<boolean> {
  const { Attributes } = await documents.send(
    new DeleteCommand({
      TableName: mainTableName(),
      Key: keys.clientLimits(clientId),
      ReturnValues: 'ALL_OLD',
    }),
  );
  return Attributes !== undefined;
}

/** Every client's own limits: one partition, read page by page. */
export async function listClientLimits(): Promise<ClientLimitsItem[]> {
  const found: ClientLimitsItem[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: mainTableName(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PK.clientLimits },
        ExclusiveStartKey,
      }),
    );
    found.push(...(page.Items ?? []).map(itemOf));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}

/** A stored item as limits; unknown fields are dropped. */
function itemOf(item: Record<string, unknown>): ClientLimitsItem {
  return {
    clientId: String(item.clientId),
    ratePerSecond: Number(item.ratePerSecond),
    burst: Number(item.burst),
    dailyQuota: Number(item.dailyQuota),
    updatedAt: String(item.updatedAt),
  };
}
