import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { OWN_BANK_BIN } from '#domain/banks.ts';
import type { CollectionAccountRef } from '#domain/bills/bill.ts';
import { collectionAccountId } from '#domain/bills/collection.ts';
import { UNBOUNDED_OVERDRAFT } from '#domain/ledger/accounts.ts';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';
import { openAccount } from '../ledger/accounts.ts';

/**
 * City partners (clients with scope `bills`) and their collection accounts. The partner item
 * `PARTNER#<clientId>` names the account bills are paid into, so issuing a bill reads one item.
 */
export interface Partner {
  clientId: string;
  name: string;
  collection: CollectionAccountRef;
  assignedAt: string;
}

/** A stable 14-digit account number for a partner's collection account (prefix 88: collection accounts). */
function collectionAccountNumber(clientId: string): string {
  const digest = createHash('sha256').update(clientId).digest();
  return `88${(digest.readBigUInt64BE(0) % 10n ** 12n).toString().padStart(12, '0')}`;
}

/**
 * Opens the partner's collection account (a business account owned by the client, sharded
 * `shards` ways, with an unbounded overdraft since its writers never read it) and records it as
 * the partner's. Idempotent: an account and partner already there are returned as they are.
 */
export async function openCollectionAccount(input: {
  clientId: string;
  name: string;
  shards: number;
  now?: Date;
}): Promise<Partner> {
  const existing = await getPartner(input.clientId);
  if (existing) return existing;
  const account = await openAccount({
    accountId: collectionAccountId(input.clientId),
    ownerId: input.clientId,
    ownerKind: 'client',
    bankBin: OWN_BANK_BIN,
    accountNumber: collectionAccountNumber(input.clientId),
    name: input.name.toUpperCase(),
    accountType: 'Business',
    accountSubType: 'CurrentAccount',
    currency: 'VND',
    status: 'Enabled',
    overdraftLimit: input.shards > 0 ? UNBOUNDED_OVERDRAFT : 0,
  });
  const partner: Partner = {
    clientId: input.clientId,
    name: input.name,
    collection: {
      accountId: account.accountId,
      accountNumber: account.accountNumber,
      bankBin: account.bankBin,
      name: account.name,
      shards: input.shards,
    },
    assignedAt: (input.now ?? new Date()).toISOString(),
  };
  try {
    await documents.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: { ...keys.partner(input.clientId), type: 'Partner', ...partner },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return partner;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    return (await getPartner(input.clientId))!;
  }
}

/** The partner's record, if it has a collection account. */
export async function getPartner(clientId: string): Promise<Partner | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.partner(clientId), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  const { pk: _pk, sk: _sk, type: _type, ...partner } = Item;
  return partner as Partner;
}
