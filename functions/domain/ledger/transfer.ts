import { randomUUID } from 'node:crypto';
import type { LedgerEntryItem, PostingItem } from '#domain/ledger/entities.ts';
import { isVnd } from '#domain/money.ts';
import { type AccountState, covers } from './accounts.ts';
import { bookingDayOf } from './booking-day.ts';
import {
  AccountDisabledError,
  AccountNotFoundError,
  InsufficientFundsError,
  InvalidTransferError,
  type LedgerSide,
} from './errors.ts';

/** What caused a posting; free text for new features, these are the ones in use. */
type PostingKind =
  | 'domestic-payment'
  | 'interbank-payment'
  | 'bill-payment'
  | 'qr-payment'
  | 'cash-withdrawal'
  | 'sandbox-funding'
  | 'refund'
  | 'reversal'
  | (string & {});

/** ISO 20022 bank transaction family / sub-family, as UK OB `BankTransactionCode` shows them. */
interface BankTransactionCode {
  code: string;
  subCode: string;
}

interface Counterparty {
  name: string;
  accountNumber?: string;
  bankBin?: string;
}

/** One side of a transfer, with what that holder's statement shows. */
interface TransferSide {
  accountId: string;
  /** Statement text for this holder (Vietnamese), at most 140 characters. */
  description: string;
  counterparty?: Counterparty;
  merchant?: { name: string; categoryCode?: string };
  /** Defaults: debit `ICDT/DMCT` (issued domestic credit transfer), credit `RCDT/DMCT` (received). */
  bankTransactionCode?: BankTransactionCode;
}

/** A double-entry transfer: `amount` leaves `debit.accountId` and reaches `credit.accountId`. */
export interface TransferInstruction {
  kind: PostingKind;
  /** Whole VND, 1 … 9 999 999 999 999. */
  amount: number;
  debit: TransferSide;
  credit: TransferSide;
  /** The business object that caused it (payment id, bill id, withdrawal id). */
  sourceId?: string;
  clientId?: string;
  /** End-to-end reference shown on both statements. */
  reference?: string;
  /** Chosen by the caller to name the posting before it exists; generated otherwise. */
  postingId?: string;
}

const defaultTransactionCodes: Record<LedgerSide, BankTransactionCode> = {
  debit: { code: 'ICDT', subCode: 'DMCT' },
  credit: { code: 'RCDT', subCode: 'DMCT' },
};

const MAX_DESCRIPTION = 140;

/** The problems of an instruction the code built (empty when sound); see {@link InvalidTransferError}. */
export function validateTransfer(instruction: TransferInstruction): string[] {
  const problems: string[] = [];
  if (!isVnd(instruction.amount)) problems.push(`amount ${instruction.amount} is not whole VND in range`);
  if (!instruction.kind) problems.push('kind is empty');
  for (const side of ['debit', 'credit'] as const) {
    const { accountId, description } = instruction[side];
    if (!accountId) problems.push(`${side}.accountId is empty`);
    if (!description) problems.push(`${side}.description is empty`);
    else if (description.length > MAX_DESCRIPTION)
      problems.push(`${side}.description exceeds ${MAX_DESCRIPTION} characters`);
  }
  if (instruction.debit.accountId === instruction.credit.accountId) {
    problems.push('debit and credit accounts are the same');
  }
  return problems;
}

/** Throws {@link InvalidTransferError} unless the instruction is sound. */
function assertValidTransfer(instruction: TransferInstruction): void {
  const problems = validateTransfer(instruction);
  if (problems.length > 0) throw new InvalidTransferError(problems);
}

export type LedgerEntry = Omit<LedgerEntryItem, 'type'>;
export type Posting = Omit<PostingItem, 'type'>;

/** How one account changes: written only if the account is still at `readVersion`. */
export interface AccountChange {
  accountId: string;
  readVersion: number;
  version: number;
  balance: number;
  held: number;
}

interface SideChange extends AccountChange {
  entry: LedgerEntry;
}

/** Everything a transfer writes, computed from the accounts as read. */
export interface TransferPlan {
  postingId: string;
  bookedAt: string;
  /** Business day in Vietnam time, for reconciliation. */
  day: string;
  posting: Posting;
  debit: SideChange;
  credit: SideChange;
}

export interface PlanOptions {
  now: Date;
  /** Settling a hold: the amount is already reserved, so `held` drops by it and no funds check runs. */
  releaseHeld?: boolean;
  newId?: (prefix: string) => string;
}

/** A new opaque id with a type prefix (`pst_…`, `ent_…`). */
export function newLedgerId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}

/** The account as read, or {@link AccountNotFoundError}. */
function requireExisting(
  account: AccountState | undefined,
  accountId: string,
  side: LedgerSide,
): AccountState {
  if (!account) throw new AccountNotFoundError(accountId, side);
  return account;
}

/** The account as read, or the reason it cannot take part in a posting. */
export function requireUsable(
  account: AccountState | undefined,
  accountId: string,
  side: LedgerSide,
): AccountState {
  const existing = requireExisting(account, accountId, side);
  if (existing.status !== 'Enabled') throw new AccountDisabledError(accountId, side);
  return existing;
}

/**
 * The booking time: now, but strictly after each account's latest entry, so an account's
 * entries sort in the order they were applied even across skewed clocks or within one millisecond.
 */
export function bookingTime(now: Date, ...accounts: AccountState[]): string {
  let time = now.getTime();
  for (const account of accounts) {
    if (account.lastBookedAt) time = Math.max(time, Date.parse(account.lastBookedAt) + 1);
  }
  return new Date(time).toISOString();
}

/**
 * Plans a transfer from the accounts as read: checks both exist and are enabled, that the
 * debit side's available funds cover the amount within its overdraft, and computes each
 * side's exact balance after, the two entries and the posting.
 */
export function planTransfer(
  instruction: TransferInstruction,
  accounts: { debit: AccountState | undefined; credit: AccountState | undefined },
  options: PlanOptions,
): TransferPlan {
  assertValidTransfer(instruction);
  // Settling a hold completes what was already authorised (cash dispensed), even if the account was disabled since.
  const debit = options.releaseHeld
    ? requireExisting(accounts.debit, instruction.debit.accountId, 'debit')
    : requireUsable(accounts.debit, instruction.debit.accountId, 'debit');
  const credit = requireUsable(accounts.credit, instruction.credit.accountId, 'credit');
  const { amount } = instruction;
  if (!options.releaseHeld && !covers(debit, amount)) throw new InsufficientFundsError(debit.accountId);
  if (options.releaseHeld && debit.held < amount) {
    throw new InvalidTransferError([`held ${debit.held} on ${debit.accountId} is less than ${amount}`]);
  }

  const newId = options.newId ?? newLedgerId;
  const postingId = instruction.postingId ?? newId('pst');
  const bookedAt = bookingTime(options.now, debit, credit);
  const sideChange = (side: LedgerSide, account: AccountState): SideChange => {
    const balance = side === 'debit' ? account.balance - amount : account.balance + amount;
    const held = side === 'debit' && options.releaseHeld ? account.held - amount : account.held;
    const details = instruction[side];
    const entry: LedgerEntry = {
      entryId: newId('ent'),
      postingId,
      accountId: account.accountId,
      amount,
      creditDebit: side === 'debit' ? 'Debit' : 'Credit',
      status: 'Booked',
      bookedAt,
      valueAt: bookedAt,
      balanceAfter: balance,
      description: details.description,
      bankTransactionCode: details.bankTransactionCode ?? defaultTransactionCodes[side],
      accountVersion: account.version + 1,
      ...(details.counterparty ? { counterparty: details.counterparty } : {}),
      ...(details.merchant ? { merchant: details.merchant } : {}),
      ...(instruction.reference ? { reference: instruction.reference } : {}),
    };
    return {
      accountId: account.accountId,
      readVersion: account.version,
      version: account.version + 1,
      balance,
      held,
      entry,
    };
  };
  const posting: Posting = {
    postingId,
    kind: instruction.kind,
    amount,
    debitAccountId: debit.accountId,
    creditAccountId: credit.accountId,
    bookedAt,
    ...(instruction.sourceId ? { sourceId: instruction.sourceId } : {}),
    ...(instruction.clientId ? { clientId: instruction.clientId } : {}),
  };
  return {
    postingId,
    bookedAt,
    day: bookingDayOf(bookedAt),
    posting,
    debit: sideChange('debit', debit),
    credit: sideChange('credit', credit),
  };
}
