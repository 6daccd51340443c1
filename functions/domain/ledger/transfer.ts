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
import { shardFor } from './shards.ts';

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
  /** A card number when `scheme` says so. */
  accountNumber?: string;
  bankBin?: string;
  scheme?: 'VN.CardNumber';
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
  /**
   * This side's account is sharded into this many shards (`shards.ts`): written without a read.
   * Unset: the store's own list decides (the bank's hot internal accounts).
   */
  shards?: number;
  /** A sharded account only: the shard to book on (a reversal: the original posting's). */
  shard?: number;
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
    // Characters are code points, as truncate (domain/text.ts) counts them: an emoji is one.
    else if ([...description].length > MAX_DESCRIPTION)
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

/** A side booked on a read account: exact balance after, written only at the version read. */
interface AccountSideChange extends AccountChange {
  kind?: never;
  entry: LedgerEntry;
}

/** An entry booked on one shard of a sharded account: no running balance (see `shards.ts`). */
export type ShardEntry = Omit<LedgerEntry, 'balanceAfter' | 'accountVersion'> & { shard: number };

/** A side booked on one shard of a sharded account: an unconditioned add of `delta`. */
export interface ShardSideChange {
  kind: 'shard';
  accountId: string;
  shard: number;
  delta: number;
  entry: ShardEntry;
}

type SideChange = AccountSideChange | ShardSideChange;

/** A sharded account a posting writes to without reading it (`#domain/ledger/shards.ts`). */
export interface ShardTarget {
  kind: 'shard';
  accountId: string;
  shards: number;
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
  /**
   * The debit already happened outside the ledger (cash dispensed after its hold was released):
   * booked even beyond the overdraft limit and on a disabled account.
   */
  forceDebit?: boolean;
  /** Money going back to its owner (a reversal): the credit account may be disabled. */
  creditMayBeDisabled?: boolean;
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
 * side's exact balance after, the two entries and the posting. A side given as a
 * {@link ShardTarget} is not read: it becomes an unconditioned add on one shard
 * (`#domain/ledger/shards.ts`), with no balance after.
 */
export function planTransfer(
  instruction: TransferInstruction,
  accounts: { debit: AccountState | ShardTarget | undefined; credit: AccountState | ShardTarget | undefined },
  options: PlanOptions,
): TransferPlan {
  assertValidTransfer(instruction);
  const { amount } = instruction;
  const debitTarget = isShardTarget(accounts.debit) ? accounts.debit : undefined;
  const creditTarget = isShardTarget(accounts.credit) ? accounts.credit : undefined;
  // Settling a hold completes what was already authorised (cash dispensed), even if the account was
  // disabled since; a forced debit books what already happened (cash dispensed after the hold was released).
  const debit = debitTarget
    ? undefined
    : options.releaseHeld || options.forceDebit
      ? requireExisting(accounts.debit as AccountState | undefined, instruction.debit.accountId, 'debit')
      : requireUsable(accounts.debit as AccountState | undefined, instruction.debit.accountId, 'debit');
  // Money going back to its owner (a reversal) may land on a disabled account: it is still theirs.
  const credit = creditTarget
    ? undefined
    : options.creditMayBeDisabled
      ? requireExisting(accounts.credit as AccountState | undefined, instruction.credit.accountId, 'credit')
      : requireUsable(accounts.credit as AccountState | undefined, instruction.credit.accountId, 'credit');
  if (debit && !options.releaseHeld && !options.forceDebit && !covers(debit, amount))
    throw new InsufficientFundsError(debit.accountId);
  if (debit && options.releaseHeld && debit.held < amount) {
    throw new InvalidTransferError([`held ${debit.held} on ${debit.accountId} is less than ${amount}`]);
  }

  const newId = options.newId ?? newLedgerId;
  const postingId = instruction.postingId ?? newId('pst');
  const bookedAt = bookingTime(options.now, ...[debit, credit].filter((a): a is AccountState => !!a));
  const entryOf = (side: LedgerSide, accountId: string): Omit<LedgerEntry, 'balanceAfter'> => {
    const details = instruction[side];
    return {
      entryId: newId('ent'),
      postingId,
      accountId,
      amount,
      creditDebit: side === 'debit' ? 'Debit' : 'Credit',
      status: 'Booked',
      bookedAt,
      valueAt: bookedAt,
      description: details.description,
      bankTransactionCode: details.bankTransactionCode ?? defaultTransactionCodes[side],
      ...(details.counterparty ? { counterparty: details.counterparty } : {}),
      ...(details.merchant ? { merchant: details.merchant } : {}),
      ...(instruction.reference ? { reference: instruction.reference } : {}),
    };
  };
  const accountChange = (side: LedgerSide, account: AccountState): AccountSideChange => {
    const balance = side === 'debit' ? account.balance - amount : account.balance + amount;
    const held = side === 'debit' && options.releaseHeld ? account.held - amount : account.held;
    return {
      accountId: account.accountId,
      readVersion: account.version,
      version: account.version + 1,
      balance,
      held,
      entry: {
        ...entryOf(side, account.accountId),
        balanceAfter: balance,
        accountVersion: account.version + 1,
      },
    };
  };
  const shardChange = (side: LedgerSide, target: ShardTarget): ShardSideChange => {
    const shard = shardFor(postingId, target.shards, instruction[side].shard);
    return {
      kind: 'shard',
      accountId: target.accountId,
      shard,
      delta: side === 'debit' ? -amount : amount,
      entry: { ...entryOf(side, target.accountId), shard },
    };
  };
  const debitChange = debit ? accountChange('debit', debit) : shardChange('debit', debitTarget!);
  const creditChange = credit ? accountChange('credit', credit) : shardChange('credit', creditTarget!);
  const posting: Posting = {
    postingId,
    kind: instruction.kind,
    amount,
    debitAccountId: instruction.debit.accountId,
    creditAccountId: instruction.credit.accountId,
    bookedAt,
    ...(instruction.sourceId ? { sourceId: instruction.sourceId } : {}),
    ...(instruction.clientId ? { clientId: instruction.clientId } : {}),
    ...(debitChange.kind === 'shard' ? { debitShard: debitChange.shard } : {}),
    ...(creditChange.kind === 'shard' ? { creditShard: creditChange.shard } : {}),
  };
  return {
    postingId,
    bookedAt,
    day: bookingDayOf(bookedAt),
    posting,
    debit: debitChange,
    credit: creditChange,
  };
}

function isShardTarget(value: AccountState | ShardTarget | undefined): value is ShardTarget {
  return (value as ShardTarget | undefined)?.kind === 'shard';
}
