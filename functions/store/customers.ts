import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerItem } from '#domain/customer.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { documents, mainTableName } from './client.ts';
import { keys } from './keys.ts';

/** The customer with this username (case-insensitive), if any. */
export async function findCustomerByUsername(username: string): Promise<CustomerItem | undefined> {
  const index = keys.customerByUsername(username);
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: mainTableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
      ExpressionAttributeValues: { ':pk': index.gsi1pk, ':sk': index.gsi1sk },
      Limit: 1,
    }),
  );
  return Items?.[0] as CustomerItem | undefined;
}

/** Every account the customer holds, in a stable order. */
export async function listCustomerAccounts(customerId: string): Promise<AccountItem[]> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: mainTableName(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.accountsOfCustomer(customerId, '').gsi1pk,
        ':prefix': keys.accountsOfCustomer(customerId, '').gsi1sk,
      },
    }),
  );
  return (Items ?? []) as AccountItem[];
}
