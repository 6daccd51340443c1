import { describe, expect, it } from 'vitest';
import { bankAccounts } from '#domain/ledger/accounts.ts';
import { DEFAULT_BANK_ACCOUNT_SHARDS, MAX_SHARDS, parseShardCount, shardFor } from '#domain/ledger/shards.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { readShardedBalance, shardTargetOf } from '#store/ledger/shards.ts';
import { postTransfer, type TransferResult } from '#store/ledger/transfer.ts';
import {
  fundAll,
  getPostings,
  historyProblems,
  inParallel,
  ledgerHistory,
  openTestAccount,
  shardedHistory,
  shardedProblems,
  testId,
} from './fixtures.ts';

const PAYERS = 50;
const SHARDS = 16;

describe('sharded accounts', () => {
  it('takes 50 concurrent postings on one sharded account without a retry, conserving money to the dong', async () => {
    // Prepare: 50 funded customer accounts and a test-local sharded account (never read by postings)
    const payers = Array.from({ length: PAYERS }, () => testId('payer'));
    await inParallel(
      payers.map((id) => () => openTestAccount(id)),
      8,
    );
    const fundings = await fundAll(payers, 1_000_000);
    const hot = testId('hot');
    const amounts = payers.map((_, i) => 10_000 + i * 1_000);
    const sumOf = async () => {
      const accounts = await Promise.all([...payers, ...fundings].map((id) => getAccount(id)));
      const shards = await readShardedBalance(hot);
      return accounts.reduce((sum, account) => sum + account!.balance, 0) + shards.balance;
    };
    const before = await sumOf();
    // Act: every payer at once
    const results = await Promise.all(
      payers.map((accountId, i) =>
        postTransfer({
          kind: 'interbank-payment',
          amount: amounts[i]!,
          debit: { accountId, description: 'Chuyen tien lien ngan hang' },
          credit: { accountId: hot, shards: SHARDS, description: 'Nhan thanh toan' },
        }),
      ),
    );
    // Assess: no lost race, no retry: the sharded side is an unconditioned add
    expect(results.every((result) => result.attempts === 1)).toBe(true);
    expect(await sumOf()).toBe(before);
    const read = await readShardedBalance(hot);
    expect(read.balance).toBe(amounts.reduce((a, b) => a + b, 0));
    expect(read.accountBalance).toBe(0);
    expect(read.shardBalances).toHaveLength(MAX_SHARDS);
    expect(read.shardBalances.slice(SHARDS).every((balance) => balance === 0)).toBe(true);
    expect(read.shardBalances.filter((balance) => balance !== 0).length).toBeGreaterThan(4);
    expect(await shardedProblems(hot)).toEqual([]);
    // Assess: the payers' side keeps exact running balances
    for (const accountId of payers.slice(0, 5)) {
      expect(historyProblems((await getAccount(accountId))!, await ledgerHistory(accountId))).toEqual([]);
    }
    // Assess: each posting names its shard, and the entry on that shard has no running balance
    const postings = await getPostings(results.map((result) => result.postingId));
    const entries = await shardedHistory(hot);
    for (const posting of postings) {
      const entry = entries.find((e) => e.postingId === posting.postingId)!;
      expect(entry).toMatchObject({
        shard: posting.creditShard,
        amount: posting.amount,
        creditDebit: 'Credit',
      });
      expect(entry.balanceAfter).toBeUndefined();
    }
  });

  it('lands a reversal on the shard of the posting it reverses', async () => {
    // Prepare
    const [payer] = [testId('payer')];
    await openTestAccount(payer!);
    await fundAll([payer!], 500_000);
    const hot = testId('hot');
    const paid: TransferResult = await postTransfer({
      kind: 'interbank-payment',
      amount: 200_000,
      debit: { accountId: payer!, description: 'Chuyen tien' },
      credit: { accountId: hot, shards: SHARDS, description: 'Nhan' },
    });
    // Act
    const reversed = await postTransfer(
      {
        kind: 'reversal',
        amount: 200_000,
        debit: { accountId: hot, shards: SHARDS, shard: paid.credit.shard!, description: 'Hoan tra' },
        credit: { accountId: payer!, description: 'Hoan tien' },
      },
      { creditMayBeDisabled: true },
    );
    // Assess
    expect(reversed.debit.shard).toBe(paid.credit.shard);
    const read = await readShardedBalance(hot);
    expect(read.balance).toBe(0);
    expect(read.shardBalances.every((balance) => balance === 0)).toBe(true);
    expect((await getAccount(payer!))!.balance).toBe(500_000);
  });

  it('shards the bank’s hot accounts by configuration, and picks shards evenly and stably', () => {
    // Act / Assess
    expect(shardTargetOf({ accountId: bankAccounts.napasClearing })).toEqual({
      kind: 'shard',
      accountId: bankAccounts.napasClearing,
      shards: DEFAULT_BANK_ACCOUNT_SHARDS,
    });
    expect(shardTargetOf({ accountId: bankAccounts.atmCash })?.shards).toBe(DEFAULT_BANK_ACCOUNT_SHARDS);
    expect(shardTargetOf({ accountId: bankAccounts.sandboxFunding })?.shards).toBe(
      DEFAULT_BANK_ACCOUNT_SHARDS,
    );
    expect(shardTargetOf({ accountId: bankAccounts.suspense })).toBeUndefined();
    expect(shardTargetOf({ accountId: 'acc-1' })).toBeUndefined();
    expect(shardTargetOf({ accountId: 'acc-1', shards: 4 })?.shards).toBe(4);
    expect(parseShardCount('0')).toBe(0);
    expect(parseShardCount('16')).toBe(16);
    expect(parseShardCount('33')).toBeUndefined();
    expect(parseShardCount('-1')).toBeUndefined();
    expect(shardFor('pst_x', 16)).toBe(shardFor('pst_x', 16));
    expect(shardFor('pst_x', 16, 21)).toBe(5);
    const counts = new Array(16).fill(0);
    for (let i = 0; i < 1_600; i++) counts[shardFor(`pst_${crypto.randomUUID()}`, 16)]++;
    expect(Math.min(...counts)).toBeGreaterThan(50);
  });
});
