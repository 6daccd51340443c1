import type { LedgerEntryItem, PostingItem } from '#domain/ledger/entities.ts';
import { DuplicatePostingError, type LedgerSide } from '#domain/ledger/errors.ts';
import type {
  AccountChange,
  LedgerEntry,
  Posting,
  ShardEntry,
  ShardSideChange,
} from '#domain/ledger/transfer.ts';
import { mainTableName } from '../client.ts';
import { keys } from '../keys.ts';
import type { RoledItem } from '../transact.ts';

/**
 * The account update of a posting or hold. DynamoDB conditions cannot do arithmetic
 * (`balance - held >= …` is not expressible), so the funds rule is checked on the read
 * and the write is conditioned on the version read: any change in between makes it retry.
 */
export function accountUpdate(
  change: AccountChange,
  side: LedgerSide,
  options: { requireEnabled: boolean; bookedAt?: string },
): RoledItem {
  const sets = ['balance = :balance', 'held = :held', 'version = :version'];
  const values: Record<string, unknown> = {
    ':balance': change.balance,
    ':held': change.held,
    ':version': change.version,
    ':readVersion': change.readVersion,
  };
  if (options.bookedAt) {
    sets.push('lastBookedAt = :bookedAt');
    values[':bookedAt'] = options.bookedAt;
  }
  let condition = 'version = :readVersion';
  const names: Record<string, string> = {};
  if (options.requireEnabled) {
    condition += ' AND #status = :enabled';
    names['#status'] = 'status';
    values[':enabled'] = 'Enabled';
  }
  return {
    role: { kind: 'account', accountId: change.accountId, side },
    item: {
      Update: {
        TableName: mainTableName(),
        Key: keys.account(change.accountId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition,
        ...(options.requireEnabled ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  };
}

/** A ledger entry, never overwriting another. */
export function entryPut(entry: LedgerEntry): RoledItem {
  const item: LedgerEntryItem = { type: 'LedgerEntry', ...entry };
  return {
    role: { kind: 'fail', error: () => new Error(`Ledger entry ${entry.entryId} already exists`) },
    item: {
      Put: {
        TableName: mainTableName(),
        Item: { ...keys.ledgerEntry(entry.accountId, entry.bookedAt, entry.entryId), ...item },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** The posting (journal) record, indexed by business day for reconciliation. */
export function postingPut(posting: Posting, day: string): RoledItem {
  const item: PostingItem = { type: 'Posting', ...posting };
  return {
    role: { kind: 'fail', error: () => new DuplicatePostingError(posting.postingId) },
    item: {
      Put: {
        TableName: mainTableName(),
        Item: {
          ...keys.posting(posting.postingId),
          ...keys.postingsOfDay(day, posting.bookedAt, posting.postingId),
          ...item,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/**
 * A posting's add to one shard of a sharded account: no condition and no version, so writers
 * on the account never make each other retry (the shard item is created by its first add).
 */
export function shardUpdate(change: ShardSideChange): RoledItem {
  return {
    // Never a condition failure; a transaction conflict on the shard item re-plans and retries.
    role: { kind: 'retry' },
    item: {
      Update: {
        TableName: mainTableName(),
        Key: keys.accountShard(change.accountId, change.shard),
        UpdateExpression: 'ADD balance :delta SET #type = :type, accountId = :accountId, #shard = :shard',
        ExpressionAttributeNames: { '#type': 'type', '#shard': 'shard' },
        ExpressionAttributeValues: {
          ':delta': change.delta,
          ':type': 'AccountShard',
          ':accountId': change.accountId,
          ':shard': change.shard,
        },
      },
    },
  };
}

/** A ledger entry booked on a shard, beside that shard, never overwriting another. */
export function shardEntryPut(entry: ShardEntry): RoledItem {
  return {
    role: { kind: 'fail', error: () => new Error(`Ledger entry ${entry.entryId} already exists`) },
    item: {
      Put: {
        TableName: mainTableName(),
        Item: {
          ...keys.shardEntry(entry.accountId, entry.shard, entry.bookedAt, entry.entryId),
          type: 'LedgerEntry',
          ...entry,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}
