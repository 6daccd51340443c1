import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';

/**
 * The account at this bank with this number, if any (index `gsi2`, `ACCTNO#<bin>#<number>`).
 * The bank's internal accounts are not indexed by number, so they are never found here.
 */
export async function findAccountByNumber(
  bankBin: string,
  accountNumber: string,
): Promise<AccountItem | undefined> {
  const index = keys.accountByNumber(bankBin, accountNumber);
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: mainTableName(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk = :sk',
      ExpressionAttributeValues: { ':pk': index.gsi2pk, ':sk': index.gsi2sk },
      Limit: 1,
    }),
  );
  return Items?.[0] as AccountItem | undefined;
}
