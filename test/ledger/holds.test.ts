import { describe, expect, it } from 'vitest';
import { HoldNotFoundError, HoldStateError, InsufficientFundsError } from '#domain/ledger/errors.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { placeHold, releaseHold, settleHold } from '#store/ledger/holds.ts';
import {
  balancesOf,
  failed,
  fund,
  historyProblems,
  ledgerHistory,
  openFundingAccount,
  openTestAccount,
  testId,
} from './fixtures.ts';

async function withdrawalSetup(opening = 500_000) {
  const funding = await openFundingAccount();
  const customer = testId('customer');
  const atmCash = testId('atm-cash');
  await openTestAccount(customer);
  await openTestAccount(atmCash);
  await fund(funding, customer, opening);
  return { funding, customer, atmCash, holdId: testId('hold') };
}

function settlement(customer: string, atmCash: string) {
  return {
    kind: 'cash-withdrawal',
    debit: {
      accountId: customer,
      description: 'Rut tien mat tai ATM',
      bankTransactionCode: { code: 'CWDL', subCode: 'ATMW' },
    },
    credit: { accountId: atmCash, description: 'Chi tien mat ATM' },
  };
}

describe('holds', () => {
  it('reserves funds: held grows, the balance does not, and available shrinks', async () => {
    // Prepare
    const { customer, holdId } = await withdrawalSetup();
    // Act
    const placed = await placeHold({ holdId, accountId: customer, amount: 200_000, kind: 'cash-withdrawal' });
    const again = await placeHold({ holdId, accountId: customer, amount: 200_000, kind: 'cash-withdrawal' });
    const tooMuch = await placeHold({
      holdId: testId('hold'),
      accountId: customer,
      amount: 300_001,
      kind: 'cash-withdrawal',
    }).catch(failed);
    // Assess
    expect(placed).toMatchObject({ created: true, hold: { status: 'Active', amount: 200_000 } });
    expect(again).toMatchObject({ created: false, hold: { status: 'Active' } });
    expect(tooMuch).toBeInstanceOf(InsufficientFundsError);
    expect((await balancesOf([customer])).get(customer)).toEqual({ balance: 500_000, held: 200_000 });
  });

  it('refuses the same hold id for another amount', async () => {
    // Prepare
    const { customer, holdId } = await withdrawalSetup();
    await placeHold({ holdId, accountId: customer, amount: 100_000, kind: 'cash-withdrawal' });
    // Act
    const reuse = await placeHold({
      holdId,
      accountId: customer,
      amount: 100_001,
      kind: 'cash-withdrawal',
    }).catch(failed);
    // Assess
    expect(reuse).toBeInstanceOf(HoldStateError);
  });

  it('settles once: a posting moves the held amount and a second settle books nothing', async () => {
    // Prepare
    const { funding, customer, atmCash, holdId } = await withdrawalSetup();
    await placeHold({ holdId, accountId: customer, amount: 200_000, kind: 'cash-withdrawal' });
    // Act
    const [first, second] = await Promise.all([
      settleHold({ holdId, transfer: settlement(customer, atmCash) }),
      settleHold({ holdId, transfer: settlement(customer, atmCash) }),
    ]);
    const third = await settleHold({ holdId, transfer: settlement(customer, atmCash) });
    // Assess
    expect([first.settled, second.settled].sort()).toEqual([false, true]);
    expect(third).toMatchObject({ settled: false, hold: { status: 'Settled' } });
    const booked = first.settled ? first : second;
    expect(booked.transfer).toMatchObject({ amount: 200_000, debit: { balanceAfter: 300_000 } });
    expect(third.hold.postingId).toBe(booked.transfer!.postingId);
    const balances = await balancesOf([funding, customer, atmCash]);
    expect(balances.get(customer)).toEqual({ balance: 300_000, held: 0 });
    expect(balances.get(atmCash)).toEqual({ balance: 200_000, held: 0 });
    expect([...balances.values()].reduce((sum, b) => sum + b.balance, 0)).toBe(0);
    const history = await ledgerHistory(customer);
    expect(history.at(-1)).toMatchObject({ bankTransactionCode: { code: 'CWDL', subCode: 'ATMW' } });
    expect(historyProblems((await getAccount(customer))!, history)).toEqual([]);
  });

  it('returns the funds on release, once, and refuses to settle a released hold', async () => {
    // Prepare
    const { customer, atmCash, holdId } = await withdrawalSetup();
    await placeHold({ holdId, accountId: customer, amount: 450_000, kind: 'cash-withdrawal' });
    // Act
    const released = await releaseHold({ holdId, accountId: customer });
    const again = await releaseHold({ holdId, accountId: customer });
    const settle = await settleHold({ holdId, transfer: settlement(customer, atmCash) }).catch(failed);
    // Assess
    expect(released).toMatchObject({ released: true, hold: { status: 'Released' } });
    expect(again).toMatchObject({ released: false });
    expect(settle).toBeInstanceOf(HoldStateError);
    expect((await balancesOf([customer])).get(customer)).toEqual({ balance: 500_000, held: 0 });
    expect(await ledgerHistory(atmCash)).toEqual([]);
  });

  it('refuses to release a settled hold and to touch an unknown one', async () => {
    // Prepare
    const { customer, atmCash, holdId } = await withdrawalSetup();
    await placeHold({ holdId, accountId: customer, amount: 10_000, kind: 'cash-withdrawal' });
    await settleHold({ holdId, transfer: settlement(customer, atmCash) });
    // Act
    const release = await releaseHold({ holdId, accountId: customer }).catch(failed);
    const unknown = await releaseHold({ holdId: testId('hold'), accountId: customer }).catch(failed);
    // Assess
    expect(release).toBeInstanceOf(HoldStateError);
    expect(unknown).toBeInstanceOf(HoldNotFoundError);
  });
});
