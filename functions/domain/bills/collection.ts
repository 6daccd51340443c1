/**
 * A city partner's collection account: many citizens pay one city at once, so it is sharded
 * like the bank's hot internal accounts (`#domain/ledger/shards.ts`): each credit is an
 * unconditioned add on one of its shards, and its balance is the sum over them.
 */

/** Shards of a collection account: 1,000 credits/s need 8 at DynamoDB's per-partition limit (README). */
export const COLLECTION_SHARDS = 16;

const PREFIX = 'collection-';

/** The ledger account id of a partner's collection account, so a payment to it is known without a read. */
export function collectionAccountId(clientId: string): string {
  return `${PREFIX}${clientId}`;
}

/** The partner whose collection account this is, or undefined for any other account. */
export function partnerOfAccount(accountId: string): string | undefined {
  return accountId.startsWith(PREFIX) ? accountId.slice(PREFIX.length) : undefined;
}
