import { describe, expect, it } from 'vitest';
import { IdempotencyInProgressError } from '#domain/idempotency.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { ConcurrentModificationError } from '#domain/ledger/errors.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import {
  fundAll,
  getPostings,
  historyProblems,
  inParallel,
  ledgerHistory,
  openTestAccount,
  testId,
} from './fixtures.ts';
import { type PayAnswer, pay } from './pay.ts';

const ACCOUNTS = 50;
const TRANSFERS = 1_000;
const IN_FLIGHT = 16;

/** Sends a payment as a client would: on a 409 (in progress, accounts busy), waits and retries the same key. */
async function payUntilAnswered(request: Parameters<typeof pay>[0]): Promise<PayAnswer> {
  for (;;) {
    try {
      return await pay(request);
    } catch (error) {
      if (!(error instanceof IdempotencyInProgressError || error instanceof ConcurrentModificationError))
        throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 30));
    }
  }
}

describe('ledger conservation under concurrency', () => {
  it('keeps money, histories and one posting per key through 1,000 concurrent payments with duplicates', async () => {
    // Prepare: 50 accounts funded from test-local funding accounts, so their sum with them is zero.
    const clientId = testId('client');
    const accountIds = Array.from({ length: ACCOUNTS }, () => testId('acct'));
    await inParallel(
      accountIds.map((id) => () => openTestAccount(id)),
      8,
    );
    const fundings = await fundAll(accountIds, 1_000_000);
    const requests = Array.from({ length: TRANSFERS }, (_, i) => {
      const debit = Math.floor(Math.random() * ACCOUNTS);
      const credit = (debit + 1 + Math.floor(Math.random() * (ACCOUNTS - 1))) % ACCOUNTS;
      // Mostly affordable, some far beyond a balance (at most 1,000,000 + what arrived).
      const amount = Math.random() < 0.1 ? 1_500_000 + i : 1 + Math.floor(Math.random() * 200_000);
      return {
        clientId,
        key: `k-${i}`,
        debitAccountId: accountIds[debit]!,
        creditAccountId: accountIds[credit]!,
        amount,
      };
    });
    // 10 % are sent twice under the same key, the copy queued at a random later point (sometimes concurrent).
    const sends = requests.map((request) => request);
    for (const request of requests.filter((_, i) => i % 10 === 0)) {
      sends.splice(Math.floor(Math.random() * (sends.length + 1)), 0, request);
    }

    // Act
    const answers = await inParallel(
      sends.map((request) => () => payUntilAnswered(request).then((answer) => ({ request, answer }))),
      IN_FLIGHT,
    );

    // Assess: each key answered the same way every time, and replays happened only for duplicates.
    const byKey = new Map<string, PayAnswer[]>();
    for (const { request, answer } of answers)
      byKey.set(request.key, [...(byKey.get(request.key) ?? []), answer]);
    for (const [key, keyAnswers] of byKey) {
      const [first, ...rest] = keyAnswers;
      for (const other of rest) expect(other.body, key).toEqual(first!.body);
      expect(
        keyAnswers.filter((a) => !a.replayed),
        key,
      ).toHaveLength(1);
    }
    const paid = [...byKey.values()].filter((a) => a[0]!.status === 201).length;
    const rejected = [...byKey.values()].filter((a) => a[0]!.status === 422).length;
    expect(paid + rejected).toBe(TRANSFERS);
    expect(rejected).toBeGreaterThan(0);

    // Money is conserved and no customer balance went negative.
    const accounts = (await Promise.all(
      [...fundings, ...accountIds].map((id) => getAccount(id)),
    )) as AccountItem[];
    expect(accounts.reduce((sum, account) => sum + account.balance, 0)).toBe(0);
    const customers = accounts.slice(fundings.length);
    expect(customers.reduce((sum, account) => sum + account.balance, 0)).toBe(ACCOUNTS * 1_000_000);
    for (const account of customers) {
      expect(account.balance).toBeGreaterThanOrEqual(0);
      expect(account.held).toBe(0);
    }

    // Every balance is its history; every posting balances; each key produced exactly the postings it answered.
    const histories = await inParallel(
      accounts.map((account) => () => ledgerHistory(account.accountId)),
      8,
    );
    const problems = accounts.flatMap((account, i) => historyProblems(account, histories[i]!));
    expect(problems).toEqual([]);
    const entriesByPosting = new Map<string, { debit: number; credit: number }>();
    for (const entry of histories.flat()) {
      const sides = entriesByPosting.get(entry.postingId) ?? { debit: 0, credit: 0 };
      if (entry.creditDebit === 'Debit') sides.debit += entry.amount;
      else sides.credit += entry.amount;
      entriesByPosting.set(entry.postingId, sides);
    }
    for (const [postingId, sides] of entriesByPosting) {
      expect(sides.debit, postingId).toBe(sides.credit);
    }
    const postings = await getPostings([...entriesByPosting.keys()]);
    expect(postings).toHaveLength(entriesByPosting.size);
    const paymentPostings = postings.filter((posting) => posting.kind === 'domestic-payment');
    const postingsPerKey = new Map<string, number>();
    for (const posting of paymentPostings) {
      expect(posting.amount).toBe(entriesByPosting.get(posting.postingId)!.debit);
      postingsPerKey.set(posting.sourceId!, (postingsPerKey.get(posting.sourceId!) ?? 0) + 1);
    }
    expect(Math.max(...postingsPerKey.values())).toBe(1);
    expect(postingsPerKey.size).toBe(paid);
  }, 240_000);
});
