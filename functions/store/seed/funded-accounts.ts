import { type DynamoDBDocumentClient, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { keys } from '../keys.ts';
import { accountRecord } from './sandbox-items.ts';

/** TransactWriteItems' limit, minus the funding update every transaction carries. */
export const ACCOUNTS_PER_TRANSACTION = 99;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface CancellationReason {
  Code?: string;
}

/**
 * Opens seeded accounts and debits the funding account by their balances, atomically.
 *
 * Each account is created only if absent: an account that exists already (an earlier, perhaps
 * interrupted, run; or payments since) keeps its balance, and the funding account is charged
 * only for the accounts this call creates. So re-running a seed never counts money twice and
 * the sum of all balances stays 0. Returns the accounts created.
 */
export async function openFundedAccounts(
  client: DynamoDBDocumentClient,
  tableName: string,
  accounts: readonly AccountItem[],
  funding: AccountItem,
): Promise<AccountItem[]> {
  const created: AccountItem[] = [];
  for (let i = 0; i < accounts.length; i += ACCOUNTS_PER_TRANSACTION) {
    created.push(
      ...(await openGroup(client, tableName, accounts.slice(i, i + ACCOUNTS_PER_TRANSACTION), funding)),
    );
  }
  return created;
}

async function openGroup(
  client: DynamoDBDocumentClient,
  tableName: string,
  group: readonly AccountItem[],
  funding: AccountItem,
): Promise<AccountItem[]> {
  let pending = [...group];
  for (let attempt = 0; pending.length > 0; attempt++) {
    const delta = pending.reduce((sum, account) => sum + account.balance, 0);
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...pending.map((account) => ({
              Put: {
                TableName: tableName,
                Item: accountRecord(account),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
            { Update: fundingUpdate(tableName, funding, -delta) },
          ],
        }),
      );
      return pending;
    } catch (error) {
      const name = (error as Error).name;
      if (name !== 'TransactionCanceledException' && name !== 'TransactionConflictException') throw error;
      const reasons = (
        (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? []
      ).slice(0, pending.length);
      const existing = new Set(
        reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : [])),
      );
      if (existing.size > 0) {
        pending = pending.filter((_, index) => !existing.has(index));
        continue;
      }
      // A concurrent seeder touched the funding account: back off and try again.
      if (attempt >= 20) throw error;
      await sleep(Math.random() * Math.min(2_000, 25 * 2 ** attempt));
    }
  }
  return pending;
}

/** Adds `delta` to the funding account's balance, creating the account on first use. */
function fundingUpdate(tableName: string, funding: AccountItem, delta: number) {
  const fixed = Object.entries(funding).filter(([name]) => name !== 'balance' && name !== 'version');
  const names: Record<string, string> = { '#balance': 'balance', '#version': 'version' };
  const values: Record<string, unknown> = { ':delta': delta, ':one': 1 };
  const sets = fixed.map(([name, value], i) => {
    names[`#f${i}`] = name;
    values[`:f${i}`] = value;
    return `#f${i} = if_not_exists(#f${i}, :f${i})`;
  });
  return {
    TableName: tableName,
    Key: keys.account(funding.accountId),
    UpdateExpression: `SET ${sets.join(', ')} ADD #balance :delta, #version :one`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** Creates a bank-internal account (opened empty) unless it exists; never resets its balance. */
export async function ensureBankAccount(
  client: DynamoDBDocumentClient,
  tableName: string,
  account: AccountItem,
): Promise<boolean> {
  try {
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: accountRecord(account),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
