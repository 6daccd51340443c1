import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents, mainTableName } from './client.ts';

/**
 * Items whose deadline is at or before `now` on a sharded `gsi1` index keyed
 * `<partition(shard)> / <deadline ISO>#<id>`, earliest first within each shard, at most `limit`
 * in all. Eventually consistent: callers guard every change on the item's own state.
 * `clientId` keeps to one client's items (an operator's, or a test's).
 */
export async function listDue<T>(options: {
  shards: number;
  partition: (shard: number) => string;
  now: Date;
  limit: number;
  clientId?: string;
}): Promise<T[]> {
  // '$' sorts right after '#', so every key `<deadline>#<id>` with deadline <= now is below it.
  const upper = `${options.now.toISOString()}$`;
  const perShard = await Promise.all(
    Array.from({ length: options.shards }, async (_, shard) => {
      const found: T[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new QueryCommand({
            TableName: mainTableName(),
            IndexName: 'gsi1',
            KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :upper',
            ExpressionAttributeValues: {
              ':pk': options.partition(shard),
              ':upper': upper,
              ...(options.clientId ? { ':client': options.clientId } : {}),
            },
            ...(options.clientId ? { FilterExpression: 'clientId = :client' } : {}),
            ExclusiveStartKey: start,
            Limit: Math.min(options.limit, 100),
          }),
        );
        found.push(...((page.Items ?? []) as T[]));
        start = page.LastEvaluatedKey;
      } while (start && found.length < options.limit);
      return found;
    }),
  );
  return perShard.flat().slice(0, options.limit);
}
