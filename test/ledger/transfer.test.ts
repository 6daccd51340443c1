import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { bankAccounts } from '#domain/ledger/accounts.ts';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import {
  AccountDisabledError,
  AccountNotFoundError,
  DuplicatePostingError,
  ExtraWriteConditionError,
  InsufficientFundsError,
} from '#domain/ledger/errors.ts';
import { documents, mainTableName } from '#store/client.ts';
import { ensureBankAccounts, getAccount } from '#store/ledger/accounts.ts';
import { placeHold } from '#store/ledger/holds.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import {
  balancesOf,
  failed,
  fund,
  getPosting,
  historyProblems,
  ledgerHistory,
  openFundingAccount,
  openTestAccount,
  testId,
} from './fixtures.ts';

async function twoAccounts(opening = 1_000_000) {
  const funding = await openFundingAccount();
  const payer = testId('payer');
  const payee = testId('payee');
  await openTestAccount(payer);
  await openTestAccount(payee);
  if (opening > 0) await fund(funding, payer, opening);
  return { funding, payer, payee };
}

function transfer(payer: string, payee: string, amount: number) {
  return {
    kind: 'domestic-payment',
    amount,
    reference: 'HD-2025-001',
    debit: {
      accountId: payer,
      description: 'Thanh toan hoa don',
      counterparty: { name: 'TRAN THI B', accountNumber: '0123456789', bankBin: '970415' },
    },
    credit: { accountId: payee, description: 'Nhan thanh toan', counterparty: { name: 'NGUYEN VAN A' } },
  };
}

describe('postTransfer', () => {
  it('books both entries, the posting and exact running balances in one transaction', async () => {
    // Prepare
    const { payer, payee } = await twoAccounts();
    // Act
    const result = await postTransfer(transfer(payer, payee, 150_000));
    // Assess
    expect(result).toMatchObject({
      amount: 150_000,
      debit: { accountId: payer, balanceAfter: 850_000 },
      credit: { accountId: payee, balanceAfter: 150_000 },
      attempts: 1,
    });
    const posting = await getPosting(result.postingId);
    expect(posting).toMatchObject({
      type: 'Posting',
      kind: 'domestic-payment',
      amount: 150_000,
      debitAccountId: payer,
      creditAccountId: payee,
      gsi1pk: `DAY#${bookingDayOf(result.bookedAt)}`,
    });
    const [payerHistory, payeeHistory] = await Promise.all([ledgerHistory(payer), ledgerHistory(payee)]);
    expect(payerHistory.at(-1)).toMatchObject({
      postingId: result.postingId,
      creditDebit: 'Debit',
      amount: 150_000,
      balanceAfter: 850_000,
      reference: 'HD-2025-001',
      bankTransactionCode: { code: 'ICDT', subCode: 'DMCT' },
      counterparty: { name: 'TRAN THI B', accountNumber: '0123456789', bankBin: '970415' },
    });
    expect(payeeHistory).toEqual([
      expect.objectContaining({
        creditDebit: 'Credit',
        balanceAfter: 150_000,
        description: 'Nhan thanh toan',
      }),
    ]);
    expect(historyProblems((await getAccount(payer))!, payerHistory)).toEqual([]);
  });

  it('refuses a debit beyond available funds and writes nothing', async () => {
    // Prepare
    const { payer, payee } = await twoAccounts(100_000);
    // Act
    const attempt = await postTransfer(transfer(payer, payee, 100_001)).catch(failed);
    // Assess
    expect(attempt).toBeInstanceOf(InsufficientFundsError);
    expect(await balancesOf([payer, payee])).toEqual(
      new Map([
        [payer, { balance: 100_000, held: 0 }],
        [payee, { balance: 0, held: 0 }],
      ]),
    );
    expect(await ledgerHistory(payee)).toEqual([]);
  });

  it('lets an account spend exactly its available balance, held funds excluded', async () => {
    // Prepare
    const { payer, payee } = await twoAccounts(100_000);
    await placeHold({ holdId: testId('hold'), accountId: payer, amount: 30_000, kind: 'cash-withdrawal' });
    // Act
    const beyond = await postTransfer(transfer(payer, payee, 70_001)).catch(failed);
    const exact = await postTransfer(transfer(payer, payee, 70_000));
    // Assess
    expect(beyond).toBeInstanceOf(InsufficientFundsError);
    expect(exact.debit.balanceAfter).toBe(30_000);
  });

  it('lets an account go below zero down to its overdraft limit only', async () => {
    // Prepare
    const payer = testId('overdraft');
    const { payee } = await twoAccounts(0);
    await openTestAccount(payer, { overdraftLimit: 50_000 });
    // Act
    const within = await postTransfer(transfer(payer, payee, 50_000));
    const beyond = await postTransfer(transfer(payer, payee, 1)).catch(failed);
    // Assess
    expect(within.debit.balanceAfter).toBe(-50_000);
    expect(beyond).toBeInstanceOf(InsufficientFundsError);
  });

  it('names the missing side when an account does not exist', async () => {
    // Prepare
    const { payer } = await twoAccounts();
    // Act
    const toNowhere = await postTransfer(transfer(payer, testId('ghost'), 1_000)).catch(failed);
    const fromNowhere = await postTransfer(transfer(testId('ghost'), payer, 1_000)).catch(failed);
    // Assess
    expect(toNowhere).toMatchObject({ name: 'AccountNotFoundError', side: 'credit' });
    expect(fromNowhere).toBeInstanceOf(AccountNotFoundError);
  });

  it('refuses postings to or from a disabled account', async () => {
    // Prepare
    const { payer } = await twoAccounts();
    const closed = testId('closed');
    await openTestAccount(closed, { status: 'Disabled' });
    // Act
    const attempt = await postTransfer(transfer(payer, closed, 1_000)).catch(failed);
    // Assess
    expect(attempt).toBeInstanceOf(AccountDisabledError);
    expect((await getAccount(payer))!.balance).toBe(1_000_000);
  });

  it('commits extra writes with the posting, and nothing at all when an extra condition fails', async () => {
    // Prepare
    const { payer, payee } = await twoAccounts();
    const consent = { pk: `TEST#${testId('consent')}`, sk: 'CONSENT' };
    await documents.send(
      new PutCommand({ TableName: mainTableName(), Item: { ...consent, status: 'Authorised' } }),
    );
    const consume = {
      label: 'consent',
      item: {
        Update: {
          TableName: mainTableName(),
          Key: consent,
          UpdateExpression: 'SET #status = :consumed',
          ConditionExpression: '#status = :authorised',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':consumed': 'Consumed', ':authorised': 'Authorised' },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
        },
      },
    };
    // Act
    await postTransfer(transfer(payer, payee, 10_000), { extraWrites: [consume] });
    const second = await postTransfer(transfer(payer, payee, 10_000), { extraWrites: [consume] }).catch(
      failed,
    );
    // Assess
    expect(second).toBeInstanceOf(ExtraWriteConditionError);
    expect(second).toMatchObject({ label: 'consent', current: { status: 'Consumed' } });
    expect((await getAccount(payee))!.balance).toBe(10_000);
    expect(await ledgerHistory(payee)).toHaveLength(1);
  });

  it('books a caller-named posting once: the same posting id again is a DuplicatePostingError', async () => {
    // Prepare
    const { payer, payee } = await twoAccounts();
    const postingId = testId('pst');
    await postTransfer({ ...transfer(payer, payee, 5_000), postingId });
    // Act
    const again = await postTransfer({ ...transfer(payer, payee, 5_000), postingId }).catch(failed);
    // Assess
    expect(again).toBeInstanceOf(DuplicatePostingError);
    expect((await getAccount(payee))!.balance).toBe(5_000);
  });

  it('keeps an account history in booking order even when a writer clock runs behind', async () => {
    // Prepare
    const { payer, payee } = await twoAccounts();
    const past = () => new Date(Date.now() - 60_000);
    // Act
    await postTransfer(transfer(payer, payee, 1_000));
    await postTransfer(transfer(payer, payee, 2_000), { now: past });
    await postTransfer(transfer(payer, payee, 3_000), { now: past });
    // Assess
    const history = await ledgerHistory(payee);
    expect(history.map((entry) => entry.balanceAfter)).toEqual([1_000, 3_000, 6_000]);
    expect(historyProblems((await getAccount(payee))!, history)).toEqual([]);
  });

  it('opens an account at zero once: opening it again returns it as stored', async () => {
    // Prepare
    const { funding } = await twoAccounts(0);
    const id = testId('reopen');
    await openTestAccount(id);
    await fund(funding, id, 42_000);
    // Act
    const again = await openTestAccount(id, { overdraftLimit: 1_000_000 });
    // Assess
    expect(again).toMatchObject({ accountId: id, balance: 42_000, overdraftLimit: 0, version: 1 });
  });

  it('opens the bank internal accounts the platform posts through', async () => {
    // Act
    await ensureBankAccounts();
    // Assess
    for (const id of [bankAccounts.napasClearing, bankAccounts.sandboxFunding]) {
      expect(await getAccount(id)).toMatchObject({ accountId: id, ownerKind: 'bank', status: 'Enabled' });
    }
  });
});
