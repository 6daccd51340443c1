import type { DynamoDBRecord } from 'aws-lambda';
import { registrationsOfStreamRecords } from '#store/oidc-records.ts';
import { openCollectionAccount } from './open-collection-account.ts';

/**
 * Sandbox mode: each city partner (scope `bills`) the table's stream reports as newly
 * registered gets its collection account at once, without the authorization server touching
 * the ledger. The open is a conditioned put on the partner's own keys, so a replayed stream
 * batch or a first bill racing it leaves one account. Outside sandbox it does nothing: the
 * bank's operators assign collection accounts.
 */
export async function openRegisteredCollectionAccounts(
  records: readonly DynamoDBRecord[],
  sandbox = process.env.SANDBOX === '1',
): Promise<number> {
  if (!sandbox) return 0;
  const partners = registrationsOfStreamRecords(records).filter((client) => client.scopes.includes('bills'));
  await Promise.all(
    partners.map((client) => openCollectionAccount({ clientId: client.clientId, name: client.name })),
  );
  return partners.length;
}
