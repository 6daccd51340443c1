import { ConcurrentModificationError } from '#domain/ledger/errors.ts';
import { backoff, type ExtraWrite, extraItems, MAX_ATTEMPTS, writeAtomically } from '../ledger/transact.ts';

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
