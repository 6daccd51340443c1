import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents, mainTableName } from './client.ts';
import { keys } from './keys.ts';

/**
 * Light readers and writers of the authorization server's records, for handlers that must not
 * bundle oidc-provider itself (the adapter imports it): the record layout is the adapter's.
 */

/** Deletes every token and code issued under a grant (the adapter's `revokeByGrantId`). */
export async function deleteGrantRecords(grantId: string): Promise<void> {
  const table = mainTableName();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :grant',
        ExpressionAttributeValues: { ':grant': keys.oidcByGrant(grantId).gsi1pk },
        ExclusiveStartKey,
      }),
    );
    await Promise.all(
      (page.Items ?? []).map((item) =>
        documents.send(new DeleteCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk } })),
      ),
    );
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Ends a grant: every token and code issued under it, then the grant itself. */
export async function deleteGrant(grantId: string): Promise<void> {
  await deleteGrantRecords(grantId);
  await documents.send(new DeleteCommand({ TableName: mainTableName(), Key: keys.oidc('Grant', grantId) }));
}

/** A registered client's display name (RFC 7591 `client_name`), or its id. */
export async function clientDisplayName(clientId: string): Promise<string> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.oidc('Client', clientId) }),
  );
  if (!Item?.payload) return clientId;
  return (JSON.parse(Item.payload as string) as { client_name?: string }).client_name ?? clientId;
}
