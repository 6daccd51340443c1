/**
 * The account facts the ledger rules need. Store items ({@link AccountItem}) satisfy this
 * shape; the reference model keeps its own.
 */
export interface AccountState {
  accountId: string;
  status: 'Enabled' | 'Disabled';
  /** Booked balance, whole VND; may be negative down to −overdraftLimit. */
  balance: number;
  /** Sum of active holds. */
  held: number;
  overdraftLimit: number;
  /** Bumped on every change of balance or held; writes are conditioned on it. */
  version: number;
  /** Booking time of the account's latest entry, so the next one sorts strictly after it. */
  lastBookedAt?: string;
}

/** The bank's own accounts: every posting to or from outside the bank goes through one of them. */
export const bankAccounts = {
  /** Interbank settlement with NAPAS 247: debited for incoming, credited for outgoing transfers. */
  napasClearing: 'bank-napas-clearing',
  /** The source of sandbox money: seeding a demo account is a posting from here. */
  sandboxFunding: 'bank-sandbox-funding',
  /** Cash paid out by ATMs and post-office terminals: credited when a cash-by-QR withdrawal is dispensed. */
  atmCash: 'bank-atm-cash',
  /** Money the bank holds for someone it cannot book it to now (a return to a debtor account that is gone). */
  suspense: 'bank-suspense',
} as const;

/** Overdraft limit meaning "no limit" (the bank's internal accounts). Exact in IEEE-754. */
export const UNBOUNDED_OVERDRAFT = Number.MAX_SAFE_INTEGER;

/** What the holder may spend now: booked balance minus funds on hold. */
function availableOf(account: Pick<AccountState, 'balance' | 'held'>): number {
  return account.balance - account.held;
}

/** Whether debiting (or holding) `amount` keeps available funds within the overdraft limit. */
export function covers(
  account: Pick<AccountState, 'balance' | 'held' | 'overdraftLimit'>,
  amount: number,
): boolean {
  return availableOf(account) - amount >= -account.overdraftLimit;
}
