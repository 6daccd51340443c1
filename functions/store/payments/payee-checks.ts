import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';

/**
 * A client's failed payee checks per clock hour: one counter item per client and hour
 * (`PAYEECHECK#<clientId>#<hour>`), gone by TTL an hour after its window.
 */

/** Failed checks the client made in `hour` so far (strongly consistent). */
export async function failedPayeeChecks(clientId: string, hour: string): Promise<number> {
  const { Item } = await documents.send(
    new GetCommand({
      TableName: mainTableName(),
      Key: keys.payeeCheckFailures(clientId, hour),
      ConsistentRead: true,
    }),
  );
  return Number(Item?.failures ?? 0);
}

/**
 * Counts one failed check, only while the client is under `limit` in this window: false when
 * the limit was reached meanwhile (concurrent checks), so no more than `limit` failures are
 * ever answered per window.
 */
export async function countFailedPayeeCheck(input: {
  clientId: string;
  hour: string;
  limit: number;
  windowEndsAt: Date;
}): Promise<boolean> {
  try {
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.payeeCheckFailures(input.clientId, input.hour),
        UpdateExpression: 'ADD failures :one SET #ttl = :ttl, #type = :type',
        ConditionExpression: 'attribute_not_exists(failures) OR failures < :limit',
        ExpressionAttributeNames: { '#ttl': 'ttl', '#type': 'type' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': input.limit,
          ':ttl': Math.floor(input.windowEndsAt.getTime() / 1000) + 3600,
          ':type': 'PayeeCheckFailures',
        },
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
