import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  ConcurrentModificationError,
  ExtraWriteConditionError,
  type LedgerSide,
} from '#domain/ledger/errors.ts';
import { documents } from './client.ts';
import { fromAttributeMap } from './ledger/attributes.ts';

/**
 * The one transaction writer: every multi-item write of the platform goes through
 * {@link writeAtomically} (one attempt, cancellation reasons explained) or {@link writeTogether}
 * (retried with backoff), so conditions, retries and their errors mean the same everywhere.
 */

/** One item of a `TransactWriteItems` call, in document-client form (plain JS values). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * A caller's write joined to a ledger transaction, so the business operation is atomic:
 * the idempotency completion, an event, a consent or payment status change.
 */
export interface ExtraWrite {
  item: TransactItem;
  /** Names the item in errors ("idempotency record", "consent"). */
  label: string;
  /**
   * The error to throw when this item's condition fails (nothing in the transaction is then
   * written); `current` is the item as stored, when the write asked for `ALL_OLD`.
   */
  onConditionFailed?: (current: Record<string, unknown> | undefined) => Error;
}

/** Why an item is in the transaction, so a cancellation reason can be explained. */
type ItemRole =
  | { kind: 'account'; accountId: string; side: LedgerSide }
  /** An item whose condition failing means "re-read and try again" (a hold changed, an id taken). */
  | { kind: 'retry' }
  /** An item whose condition failing is decisive (a posting id already used). */
  | { kind: 'fail'; error: (current: Record<string, unknown> | undefined) => Error }
  | { kind: 'extra'; extra: ExtraWrite; index: number };

export interface RoledItem {
  item: TransactItem;
  role: ItemRole;
}

/**
 * The attempt lost a race: nothing was written. `fresh` holds the current state of each
 * account whose version had moved (from `ALL_OLD`; `undefined` if it vanished), so the next
 * attempt can replan without reading; `reread` says some state is unknown and must be read.
 */
export interface Retry {
  fresh: Map<string, Record<string, unknown> | undefined>;
  reread: boolean;
}

/** Extras with their roles, in the order they are appended. */
export function extraItems(extras: readonly ExtraWrite[] = []): RoledItem[] {
  return extras.map((extra, index) => ({ item: extra.item, role: { kind: 'extra', extra, index } }));
}

const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
]);

/**
 * Writes all items in one `TransactWriteItems`. Resolves `undefined` when written, a
 * {@link Retry} when it lost a race, and throws the domain error a failed condition means otherwise.
 */
export async function writeAtomically(items: RoledItem[]): Promise<Retry | undefined> {
  try {
    await transactWrite(items.map((entry) => entry.item));
    return undefined;
  } catch (error) {
    if ((error as Error).name !== 'TransactionCanceledException') throw error;
    const reasons = ((error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? []).map(
      (reason) => ({
        code: reason.Code ?? 'None',
        current: fromAttributeMap(reason.Item as Record<string, AttributeValue> | undefined),
      }),
    );
    // A failed extra or guard is decisive (a lost idempotency lease, a consent no longer authorised): retrying cannot help.
    for (const [index, reason] of reasons.entries()) {
      const role = items[index]?.role;
      if (reason.code !== 'ConditionalCheckFailed') continue;
      if (role?.kind === 'extra') {
        throw (
          role.extra.onConditionFailed?.(reason.current) ??
          new ExtraWriteConditionError(role.index, role.extra.label, reason.current)
        );
      }
      if (role?.kind === 'fail') throw role.error(reason.current);
    }
    // A moved version, a missing or disabled account, a changed hold: the current state explains it exactly.
    const retry: Retry = { fresh: new Map(), reread: reasons.length === 0 };
    for (const [index, reason] of reasons.entries()) {
      const role = items[index]?.role;
      if (reason.code === 'None') continue;
      if (reason.code === 'ConditionalCheckFailed' && role?.kind === 'account') {
        retry.fresh.set(role.accountId, reason.current);
      } else if (reason.code === 'ConditionalCheckFailed' || RETRYABLE_REASONS.has(reason.code)) {
        retry.reread = true;
      } else {
        throw error;
      }
    }
    return retry;
  }
}

/** One `TransactWriteItems` as given: all or nothing, a cancellation thrown as DynamoDB raised it. */
export async function transactWrite(items: TransactItem[]): Promise<void> {
  await documents.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Full-jitter exponential backoff: spreads retries of colliding writers apart. */
export function backoff(attempt: number): Promise<void> {
  const ceiling = Math.min(1000, 20 * 2 ** attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/** Attempts before {@link ConcurrentModificationError}: enough for dozens of writers on one account. */
export const MAX_ATTEMPTS = 16;

/**
 * Commits writes that move no money (a payment refused at submission with its consent and
 * event, a settled payment with its event) in one transaction. A failed condition throws that
 * write's own error; losing a race with another transaction on the same items retries.
 */
export async function writeTogether(
  writes: readonly ExtraWrite[],
  maxAttempts = MAX_ATTEMPTS,
): Promise<void> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const retry = await writeAtomically(extraItems(writes));
    if (!retry) return;
    await backoff(attempt);
  }
  throw new ConcurrentModificationError(maxAttempts);
}
