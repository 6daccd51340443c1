/**
 * The shapes stored in the main table (besides their keys). Amounts are whole VND held as
 * DynamoDB numbers (13 digits at most, well inside IEEE-754's exact integers).
 */
export interface CustomerItem {
  type: 'Customer';
  customerId: string;
  username: string;
  /** Full name with diacritics, as on the ID card. */
  name: string;
  /** scrypt hash `scrypt$<salt b64>$<hash b64>` of the password. */
  passwordHash: string;
  phone: string;
  createdAt: string;
}

export type AccountType = 'Personal' | 'Business';
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
  counterparty?: { name: string; accountNumber?: string; bankBin?: string };
  merchant?: { name: string; categoryCode?: string };
  reference?: string;
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
}
