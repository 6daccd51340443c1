import type { HoldItem } from '#domain/ledger/entities.ts';
import { ConcurrentModificationError, HoldNotFoundError, HoldStateError } from '#domain/ledger/errors.ts';
import { isPossibleHoldState, isSameHold, planPlaceHold, planReleaseHold } from '#domain/ledger/holds.ts';
import { planTransfer, type TransferInstruction } from '#domain/ledger/transfer.ts';
import { mainTableName } from '../client.ts';
import { keys } from '../keys.ts';
import { backoff, extraItems, MAX_ATTEMPTS, type RoledItem, writeAtomically } from '../transact.ts';
import { readLedgerState } from './accounts.ts';
import {
  accountsToRead,
  bookedResult,
  type LedgerWriteOptions,
  planningSides,
  type TransferResult,
  transferItems,
} from './transfer.ts';
import { accountUpdate } from './writes.ts';

/** A hold to place: `amount` of `accountId`'s available funds reserved under `holdId`. */
export interface PlaceHoldInput {
  holdId: string;
  accountId: string;
  amount: number;
  /** What it is for, e.g. `cash-withdrawal`. */
  kind: string;
  sourceId?: string;
  clientId?: string;
  expiresAt?: string;
}

export interface PlaceHoldResult {
  hold: HoldItem;
  /** False when a hold with this id existed already (a retry): nothing was written, extras included. */
  created: boolean;
}

export interface SettleHoldResult {
  hold: HoldItem;
  /** False when the hold was settled before: nothing was written, extras included. */
  settled: boolean;
  /** The posting booked now (absent when it was settled before; `hold.postingId` names that one). */
  transfer?: TransferResult;
}

export interface ReleaseHoldResult {
  hold: HoldItem;
  /** False when the hold was released before: nothing was written, extras included. */
  released: boolean;
}

/** Reads of a hold and its account before one that contradicts itself is planned as it is. */
const TORN_READS = 4;

/**
 * The accounts and the hold, read again while they contradict each other. `BatchGetItem`
 * reads each item consistently but not the batch atomically: beside a settle or release
 * committing, it can see the account after (`held` already down) and the hold before (still
 * `Active`), which would plan an invalid transfer (a 500). Re-reading sees the commit whole;
 * the last read is returned as it is. (A torn read `held` still covers, on an account with
 * other holds, is caught by the hold's write condition instead.)
 */
async function readHoldState(accountIds: string[], hold: { accountId: string; holdId: string }) {
  for (let read = 1; ; read++) {
    const state = await readLedgerState(accountIds, hold);
    const account = state.accounts.get(hold.accountId);
    if (read >= TORN_READS || !state.hold || !account || isPossibleHoldState(account, state.hold)) {
      return state;
    }
    await backoff(read);
  }
}

function holdUpdate(hold: HoldItem, next: Partial<HoldItem> & { status: HoldItem['status'] }): RoledItem {
  const fields = Object.entries(next);
  return {
    // Another writer settled or released it first: the re-read tells which, and the call becomes a no-op or an error.
    role: { kind: 'retry' },
    item: {
      Update: {
        TableName: mainTableName(),
        Key: keys.hold(hold.accountId, hold.holdId),
        UpdateExpression: `SET ${fields.map(([name]) => `#${name} = :${name}`).join(', ')}`,
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: Object.fromEntries(fields.map(([name]) => [`#${name}`, name])),
        ExpressionAttributeValues: {
          ...Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])),
          ':active': 'Active',
        },
      },
    },
  };
}

/**
 * Reserves funds for an operation in flight (a cash withdrawal): `held` grows by `amount`,
 * so available funds shrink, under the same overdraft rule as a debit. Idempotent by
 * `holdId`: placing the same hold again returns it unchanged; another amount or account
 * under the same id is a {@link HoldStateError}.
 */
export async function placeHold(
  input: PlaceHoldInput,
  options: LedgerWriteOptions = {},
): Promise<PlaceHoldResult> {
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const state = await readLedgerState([input.accountId], input);
    if (state.hold) {
      if (!isSameHold(state.hold, input.accountId, input.amount)) {
        throw new HoldStateError(input.holdId, 'This hold id is already used for another amount.');
      }
      return { hold: state.hold, created: false };
    }
    const change = planPlaceHold(state.accounts.get(input.accountId), input.accountId, input.amount);
    const hold: HoldItem = { type: 'Hold', ...input, status: 'Active', placedAt: now().toISOString() };
    const retry = await writeAtomically([
      accountUpdate(change, 'debit', { requireEnabled: true }),
      {
        role: { kind: 'retry' },
        item: {
          Put: {
            TableName: mainTableName(),
            Item: { ...keys.hold(input.accountId, input.holdId), ...hold },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      ...extraItems(options.extraWrites),
    ]);
    if (!retry) return { hold, created: true };
    await backoff(attempt);
  }
  throw new ConcurrentModificationError(maxAttempts);
}

/**
 * Turns an active hold into a posting: the transfer's amount is the hold's, its debit the
 * held account, whose `held` drops by the same amount in the same transaction (no funds
 * check: they were reserved). Settling twice books once; settling a released hold is a
 * {@link HoldStateError}.
 */
export async function settleHold(
  input: { holdId: string; transfer: Omit<TransferInstruction, 'amount'> },
  options: LedgerWriteOptions = {},
): Promise<SettleHoldResult> {
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  const { debit } = input.transfer;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    // A sharded credit side (ATM cash) is not read: only the held account and its hold are.
    const state = await readHoldState(accountsToRead(input.transfer), {
      accountId: debit.accountId,
      holdId: input.holdId,
    });
    const hold = state.hold;
    if (!hold) throw new HoldNotFoundError(input.holdId);
    if (hold.status === 'Settled') return { hold, settled: false };
    if (hold.status === 'Released')
      throw new HoldStateError(hold.holdId, 'The hold was released; it cannot be settled.');
    const plan = planTransfer(
      { ...input.transfer, amount: hold.amount },
      planningSides(input.transfer, state.accounts),
      { now: now(), releaseHeld: true },
    );
    const settled: HoldItem = {
      ...hold,
      status: 'Settled',
      settledAt: plan.bookedAt,
      postingId: plan.postingId,
    };
    const retry = await writeAtomically([
      ...transferItems(plan, { debitRequiresEnabled: false }),
      holdUpdate(hold, { status: 'Settled', settledAt: plan.bookedAt, postingId: plan.postingId }),
      ...extraItems(options.extraWrites),
    ]);
    if (!retry) return { hold: settled, settled: true, transfer: bookedResult(plan, attempt) };
    await backoff(attempt);
  }
  throw new ConcurrentModificationError(maxAttempts);
}

/**
 * Gives an active hold's funds back (`held` drops by its amount). Releasing twice is a no-op;
 * releasing a settled hold is a {@link HoldStateError}.
 */
export async function releaseHold(
  input: { holdId: string; accountId: string },
  options: LedgerWriteOptions = {},
): Promise<ReleaseHoldResult> {
  const now = options.now ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const state = await readHoldState([input.accountId], input);
    const hold = state.hold;
    if (!hold) throw new HoldNotFoundError(input.holdId);
    if (hold.status === 'Released') return { hold, released: false };
    const account = state.accounts.get(input.accountId);
    if (!account) throw new HoldNotFoundError(input.holdId);
    const change = planReleaseHold(account, hold);
    const releasedAt = now().toISOString();
    const retry = await writeAtomically([
      accountUpdate(change, 'debit', { requireEnabled: false }),
      holdUpdate(hold, { status: 'Released', releasedAt }),
      ...extraItems(options.extraWrites),
    ]);
    if (!retry) return { hold: { ...hold, status: 'Released', releasedAt }, released: true };
    await backoff(attempt);
  }
  throw new ConcurrentModificationError(maxAttempts);
}
