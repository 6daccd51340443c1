import { TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import {
  DEFAULT_BANK_ACCOUNT_SHARDS,
  HOT_BANK_ACCOUNTS,
  MAX_SHARDS,
  parseShardCount,
} from '#domain/ledger/shards.ts';
import type { ShardTarget } from '#domain/ledger/transfer.ts';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';

/**
 * Which accounts are sharded, and how they are read back (the design is in
 * `#domain/ledger/shards.ts`). `BANK_ACCOUNT_SHARDS` (read once at cold start, default 16) sets the
 * shards of the bank's hot internal accounts; 0 writes them like any account (read, then a
 * version-checked update).
 */
const bankAccountShards = (() => {
  const raw = process.env.BANK_ACCOUNT_SHARDS;
  if (raw === undefined || raw === '') return DEFAULT_BANK_ACCOUNT_SHARDS;
  const count = parseShardCount(raw);
  if (count === undefined) throw new Error(`BANK_ACCOUNT_SHARDS must be 0 to ${MAX_SHARDS}; got '${raw}'`);
  return count;
})();

/**
 * The shard target of a posting's side when its account is sharded (postings then write it
 * without reading it): as the side says (`shards`, any account), or the bank's hot accounts.
 */
export function shardTargetOf(side: { accountId: string; shards?: number }): ShardTarget | undefined {
  const shards = side.shards ?? (HOT_BANK_ACCOUNTS.includes(side.accountId) ? bankAccountShards : 0);
  if (shards > MAX_SHARDS) throw new RangeError(`${side.accountId}: at most ${MAX_SHARDS} shards`);
  return shards > 0 ? { kind: 'shard', accountId: side.accountId, shards } : undefined;
}

/** A sharded account's balance as of one consistent read. */
export interface ShardedBalance {
  accountId: string;
  /** The account item's own balance plus every shard's. */
  balance: number;
  /** The account item's own balance (what was booked on it before it was sharded). */
  accountBalance: number;
  /** Each shard's balance, by shard number (0 for a shard never written). */
  shardBalances: number[];
}

/**
 * The balance of an account, sharded or not, for reconciliation: its item and all
 * {@link MAX_SHARDS} possible shards in ONE `TransactGetItems`, so the sum is a consistent
 * snapshot even while postings land on the shards (whatever shard count wrote them).
 */
export async function readShardedBalance(accountId: string): Promise<ShardedBalance> {
  const table = mainTableName();
  const itemKeys = [
    keys.account(accountId),
    ...Array.from({ length: MAX_SHARDS }, (_, shard) => keys.accountShard(accountId, shard)),
  ];
  const { Responses } = await documents.send(
    new TransactGetCommand({
      TransactItems: itemKeys.map((Key) => ({ Get: { TableName: table, Key } })),
    }),
  );
  const balances = (Responses ?? []).map((response) => Number(response.Item?.balance ?? 0));
  const [accountBalance = 0, ...shardBalances] = balances;
  return {
    accountId,
    balance: balances.reduce((sum, value) => sum + value, 0),
    accountBalance,
    shardBalances,
  };
}
