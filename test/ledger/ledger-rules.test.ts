import { describe, expect, it } from 'vitest';
import { type AccountState, covers } from '#domain/ledger/accounts.ts';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import { InvalidTransferError } from '#domain/ledger/errors.ts';
import { isPossibleHoldState } from '#domain/ledger/holds.ts';
import { bookingTime, planTransfer, validateTransfer } from '#domain/ledger/transfer.ts';

const account = (overrides: Partial<AccountState> = {}): AccountState => ({
  accountId: 'a',
  status: 'Enabled',
  balance: 100,
  held: 0,
  overdraftLimit: 0,
  version: 3,
  ...overrides,
});

const instruction = {
  kind: 'domestic-payment',
  amount: 60,
  debit: { accountId: 'a', description: 'Chuyen' },
  credit: { accountId: 'b', description: 'Nhan' },
};

describe('ledger rules', () => {
  it.each([
    ['2025-03-01T16:59:59.999Z', '2025-03-01'],
    ['2025-03-01T17:00:00.000Z', '2025-03-02'],
    ['2024-12-31T23:00:00.000Z', '2025-01-01'],
  ])('books %s on the Vietnam business day %s', (at, day) => {
    expect(bookingDayOf(at)).toBe(day);
  });

  it('counts held funds against, and the overdraft limit towards, what can be spent', () => {
    expect(covers(account({ balance: 100, held: 40 }), 60)).toBe(true);
    expect(covers(account({ balance: 100, held: 40 }), 61)).toBe(false);
    expect(covers(account({ balance: 0, overdraftLimit: 50 }), 50)).toBe(true);
    expect(covers(account({ balance: 0, overdraftLimit: 50 }), 51)).toBe(false);
  });

  it('knows an active hold never exceeds its account held amount (a read saying so is torn)', () => {
    const hold = { holdId: 'h', accountId: 'a', amount: 40, status: 'Active' as const };
    expect(isPossibleHoldState(account({ held: 40 }), hold)).toBe(true);
    expect(isPossibleHoldState(account({ held: 39 }), hold)).toBe(false);
    expect(isPossibleHoldState(account({ held: 0 }), { ...hold, status: 'Settled' })).toBe(true);
  });

  it('plans exact balances after, a version bump and entries booked after the latest one', () => {
    const now = new Date('2025-03-01T00:00:00.000Z');
    const plan = planTransfer(
      instruction,
      {
        debit: account(),
        credit: account({ accountId: 'b', balance: 5, version: 9, lastBookedAt: '2025-03-01T00:00:00.000Z' }),
      },
      { now },
    );
    expect(plan.debit).toMatchObject({
      readVersion: 3,
      version: 4,
      balance: 40,
      entry: { balanceAfter: 40 },
    });
    expect(plan.credit).toMatchObject({
      readVersion: 9,
      version: 10,
      balance: 65,
      entry: { creditDebit: 'Credit' },
    });
    expect(plan.bookedAt).toBe('2025-03-01T00:00:00.001Z');
    expect(plan.posting).toMatchObject({ amount: 60, debitAccountId: 'a', creditAccountId: 'b' });
  });

  it('never books before an account latest entry, whatever the clock says', () => {
    const late = account({ lastBookedAt: '2030-01-01T00:00:00.000Z' });
    expect(bookingTime(new Date('2025-01-01T00:00:00Z'), late)).toBe('2030-01-01T00:00:00.001Z');
  });

  it('refuses instructions the code should never build', () => {
    expect(validateTransfer({ ...instruction, amount: 1.5 })).toEqual([
      'amount 1.5 is not whole VND in range',
    ]);
    expect(
      validateTransfer({ ...instruction, credit: { accountId: 'a', description: 'x'.repeat(141) } }),
    ).toEqual(['credit.description exceeds 140 characters', 'debit and credit accounts are the same']);
    expect(() =>
      planTransfer(
        { ...instruction, amount: 0 },
        { debit: account(), credit: account() },
        { now: new Date() },
      ),
    ).toThrow(InvalidTransferError);
  });
});
