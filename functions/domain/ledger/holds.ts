import { isVnd } from '#domain/money.ts';
import { type AccountState, covers } from './accounts.ts';
import { HoldStateError, InsufficientFundsError, InvalidTransferError } from './errors.ts';
import type { AccountChange } from './transfer.ts';
import { requireUsable } from './transfer.ts';

type HoldStatus = 'Active' | 'Settled' | 'Released';

/** The hold facts the rules need (the store's `HoldItem` satisfies it). */
export interface HoldState {
  holdId: string;
  accountId: string;
  amount: number;
  status: HoldStatus;
  postingId?: string;
}

/**
 * Placing a hold reserves `amount` of the account's available funds: `held` grows, the
 * booked balance does not move, and the same overdraft rule as a debit applies.
 */
export function planPlaceHold(
  account: AccountState | undefined,
  accountId: string,
  amount: number,
): AccountChange {
  if (!isVnd(amount)) throw new InvalidTransferError([`hold amount ${amount} is not whole VND in range`]);
  const usable = requireUsable(account, accountId, 'debit');
  if (!covers(usable, amount)) throw new InsufficientFundsError(accountId);
  return {
    accountId,
    readVersion: usable.version,
    version: usable.version + 1,
    balance: usable.balance,
    held: usable.held + amount,
  };
}

/** Whether placing `amount` again under an existing hold id is the same request (a retry). */
export function isSameHold(existing: HoldState, accountId: string, amount: number): boolean {
  return existing.accountId === accountId && existing.amount === amount;
}

/**
 * Whether an account and one of its holds can be stored together: `held` sums the active
 * holds, so an active hold never exceeds it. A read that says otherwise saw them at two moments.
 */
export function isPossibleHoldState(account: AccountState, hold: HoldState): boolean {
  return hold.status !== 'Active' || account.held >= hold.amount;
}

/**
 * Releasing returns the reserved funds: `held` drops by the hold's amount. The account may
 * be disabled meanwhile; a release still runs, since it only gives the holder money back.
 */
export function planReleaseHold(account: AccountState, hold: HoldState): AccountChange {
  if (hold.status !== 'Active') throw new HoldStateError(hold.holdId, `The hold is already ${hold.status}.`);
  if (account.held < hold.amount) {
    throw new InvalidTransferError([
      `held ${account.held} on ${account.accountId} is less than hold ${hold.amount}`,
    ]);
  }
  return {
    accountId: account.accountId,
    readVersion: account.version,
    version: account.version + 1,
    balance: account.balance,
    held: account.held - hold.amount,
  };
}
