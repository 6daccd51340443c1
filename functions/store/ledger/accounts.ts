import { BatchGetCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { OWN_BANK_BIN } from '#domain/banks.ts';
import { bankAccounts, UNBOUNDED_OVERDRAFT } from '#domain/ledger/accounts.ts';
import type { AccountItem, HoldItem } from '#domain/ledger/entities.ts';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';
import { fromAttributeMap } from './attributes.ts';

/** What opening an account needs; balance, held and version start at zero. */
export type NewAccount = Omit<
  AccountItem,
  'type' | 'balance' | 'held' | 'version' | 'openedAt' | 'overdraftLimit' | 'lastBookedAt'
> & {
  overdraftLimit?: number;
  openedAt?: string;
};

/**
 * Opens an account with a zero balance (money only ever arrives by a posting, so the sum of
 * all balances stays zero). Idempotent by account id: an existing account is returned as stored.
 */
export async function openAccount(input: NewAccount): Promise<AccountItem> {
  const item: AccountItem = {
    type: 'Account',
    ...input,
    balance: 0,
    held: 0,
    overdraftLimit: input.overdraftLimit ?? 0,
    openedAt: input.openedAt ?? new Date().toISOString(),
    version: 0,
  };
  const indexes = {
    ...(item.ownerKind === 'customer' ? keys.accountsOfCustomer(item.ownerId, item.accountId) : {}),
    // The bank's internal accounts are never a payee, so they are not findable by number.
    ...(item.ownerKind === 'bank' ? {} : keys.accountByNumber(item.bankBin, item.accountNumber)),
  };
  try {
    await documents.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: { ...keys.account(item.accountId), ...indexes, ...item },
        ConditionExpression: 'attribute_not_exists(pk)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return item;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const existing = fromAttributeMap((error as { Item?: never }).Item) as AccountItem | undefined;
    return existing ?? ((await getAccount(item.accountId)) as AccountItem);
  }
}

const bankAccountNames: Record<string, string> = {
  [bankAccounts.napasClearing]: 'NAPAS 247 CLEARING',
  [bankAccounts.sandboxFunding]: 'SANDBOX FUNDING',
  [bankAccounts.atmCash]: 'ATM CASH',
  [bankAccounts.suspense]: 'SUSPENSE',
};

const opened = new Map<string, Promise<unknown>>();

/**
 * Opens one of the bank's internal accounts unless it exists, once per cold start, so a
 * posting to it works however the platform was set up (sandbox seed, tests, a fresh stage).
 */
export function ensureBankAccount(accountId: string): Promise<unknown> {
  const index = Object.keys(bankAccountNames).indexOf(accountId);
  if (index < 0) throw new TypeError(`${accountId} is not one of the bank's internal accounts`);
  let opening = opened.get(accountId);
  if (!opening) {
    opening = openAccount({
      accountId,
      ownerId: 'bank',
      ownerKind: 'bank',
      bankBin: OWN_BANK_BIN,
      accountNumber: `99000000000${index + 1}`,
      name: bankAccountNames[accountId]!,
      accountType: 'Business',
      accountSubType: 'CurrentAccount',
      currency: 'VND',
      status: 'Enabled',
      overdraftLimit: UNBOUNDED_OVERDRAFT,
    }).catch((error: unknown) => {
      opened.delete(accountId);
      throw error;
    });
    opened.set(accountId, opening);
  }
  return opening;
}

/** Opens the bank's internal accounts (NAPAS clearing, sandbox funding, ATM cash, suspense) unless they exist. */
export async function ensureBankAccounts(): Promise<void> {
  await Promise.all(Object.keys(bankAccountNames).map(ensureBankAccount));
}

/** One account, read strongly consistent. */
export async function getAccount(accountId: string): Promise<AccountItem | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.account(accountId), ConsistentRead: true }),
  );
  return Item as AccountItem | undefined;
}

/**
 * Several items of the ledger in one strongly consistent `BatchGetItem` (retrying keys the
 * engine left unprocessed), keyed `pk|sk`.
 */
export async function readItems(
  itemKeys: { pk: string; sk: string }[],
): Promise<Map<string, Record<string, unknown>>> {
  const table = mainTableName();
  const found = new Map<string, Record<string, unknown>>();
  let pending: Record<string, unknown>[] = itemKeys;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(200, 10 * 2 ** attempt)));
    if (attempt > 8) throw new Error('BatchGetItem kept leaving keys unprocessed');
    const result = await documents.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of result.Responses?.[table] ?? []) found.set(`${item.pk}|${item.sk}`, item);
    pending = result.UnprocessedKeys?.[table]?.Keys ?? [];
  }
  return found;
}

/** The lookup key {@link readItems} uses. */
function itemId(key: { pk: string; sk: string }): string {
  return `${key.pk}|${key.sk}`;
}

/** Accounts (and optionally a hold) as of one consistent read. */
export async function readLedgerState(
  accountIds: string[],
  hold?: { accountId: string; holdId: string },
): Promise<{ accounts: Map<string, AccountItem>; hold: HoldItem | undefined }> {
  const accountKeys = [...new Set(accountIds)].map((id) => keys.account(id));
  const holdKey = hold ? keys.hold(hold.accountId, hold.holdId) : undefined;
  const found = await readItems(holdKey ? [...accountKeys, holdKey] : accountKeys);
  const accounts = new Map<string, AccountItem>();
  for (const id of accountIds) {
    const item = found.get(itemId(keys.account(id)));
    if (item) accounts.set(id, item as unknown as AccountItem);
  }
  return { accounts, hold: holdKey ? (found.get(itemId(holdKey)) as HoldItem | undefined) : undefined };
}
