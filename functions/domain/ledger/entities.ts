/**
 * The ledger's entities. Amounts are whole VND (13 digits at most, well inside IEEE-754's
 * exact integers); the store keeps them as DynamoDB numbers, with keys of its own around them.
 */
type AccountType = 'Personal' | 'Business';
export type AccountSubType = 'CurrentAccount' | 'Savings';

export interface AccountItem {
  type: 'Account';
  accountId: string;
  /** Owner: a customer, or a client (city partner collection accounts), or the bank itself (clearing). */
  ownerId: string;
  ownerKind: 'customer' | 'client' | 'bank';
  bankBin: string;
  accountNumber: string;
  /** Holder name as printed on statements (upper case, diacritics kept). */
  name: string;
  nickname?: string;
  accountType: AccountType;
  accountSubType: AccountSubType;
  currency: 'VND';
  status: 'Enabled' | 'Disabled';
  /** Current booked balance in VND; changed only inside a ledger transaction. */
  balance: number;
  /** Funds on hold (cash withdrawals in flight); available = balance - held. */
  held: number;
  /** How far below zero the balance may go (0 for most accounts; the clearing account is unbounded). */
  overdraftLimit: number;
  openedAt: string;
  /** Bumped on every balance change, for optimistic checks. */
  version: number;
  /** Booking time of the latest ledger entry; the next entry is booked strictly after it. */
  lastBookedAt?: string;
}

export type CreditDebit = 'Credit' | 'Debit';

/** One side of a posting, as the account holder sees it on a statement. */
export interface LedgerEntryItem {
  type: 'LedgerEntry';
  entryId: string;
  postingId: string;
  accountId: string;
  amount: number;
  creditDebit: CreditDebit;
  status: 'Booked' | 'Pending';
  bookedAt: string;
  valueAt: string;
  /** Balance after this entry (booked), so a statement shows running balances. */
  balanceAfter: number;
  /** Free text shown to the customer, Vietnamese. */
  description: string;
  /** ISO 20022-style domain/family/sub-family, e.g. PMNT / ICDT / DMCT. */
  bankTransactionCode: { code: string; subCode: string };
  /** `accountNumber` is a card number when `scheme` says so (a payment to a card). */
  counterparty?: { name: string; accountNumber?: string; bankBin?: string; scheme?: 'VN.CardNumber' };
  merchant?: { name: string; categoryCode?: string };
  reference?: string;
  /** The account's version right after this entry: strictly increasing along the account's history. */
  accountVersion?: number;
}

export interface PostingItem {
  type: 'Posting';
  postingId: string;
  /** What caused it: a payment, a sandbox seed, a bill payment, a cash withdrawal… */
  kind: string;
  sourceId?: string;
  amount: number;
  debitAccountId: string;
  creditAccountId: string;
  bookedAt: string;
  clientId?: string;
  /** The shard a sharded side was booked on (`#domain/ledger/shards.ts`): a reversal lands on the same one. */
  debitShard?: number;
  creditShard?: number;
}

/** Funds reserved on an account (a cash withdrawal in flight): `ACCOUNT#<id> / HOLD#<holdId>`. */
export interface HoldItem {
  type: 'Hold';
  holdId: string;
  accountId: string;
  amount: number;
  status: 'Active' | 'Settled' | 'Released';
  /** What the hold is for, e.g. `cash-withdrawal`. */
  kind: string;
  sourceId?: string;
  clientId?: string;
  placedAt: string;
  /** When an operator or sweeper may release it if neither settled nor released. */
  expiresAt?: string;
  settledAt?: string;
  releasedAt?: string;
  /** The posting that settled it. */
  postingId?: string;
}
