import { DomainError } from '../errors.ts';

/**
 * What the ledger refuses, as typed errors. They are {@link DomainError}s so that an uncaught one
 * still answers sensibly, but a handler usually maps them to its own resource state
 * (a payment `Rejected` for insufficient funds, for example).
 */
export type LedgerSide = 'debit' | 'credit';

/** The debit account's available balance (balance − held + overdraft) does not cover the amount. */
export class InsufficientFundsError extends DomainError {
  override name = 'InsufficientFundsError';
  constructor(readonly accountId: string) {
    super(
      'unprocessable',
      'VN.OB.Ledger.InsufficientFunds',
      'The debtor account has insufficient available funds.',
    );
  }
}

/** An account named in the posting does not exist. */
export class AccountNotFoundError extends DomainError {
  override name = 'AccountNotFoundError';
  constructor(
    readonly accountId: string,
    readonly side: LedgerSide,
  ) {
    super(
      'unprocessable',
      'VN.OB.Ledger.AccountNotFound',
      `The ${side === 'debit' ? 'debtor' : 'creditor'} account does not exist.`,
    );
  }
}

/** An account named in the posting exists but is not `Enabled`. */
export class AccountDisabledError extends DomainError {
  override name = 'AccountDisabledError';
  constructor(
    readonly accountId: string,
    readonly side: LedgerSide,
  ) {
    super(
      'unprocessable',
      'VN.OB.Ledger.AccountDisabled',
      `The ${side === 'debit' ? 'debtor' : 'creditor'} account is not enabled for postings.`,
    );
  }
}

/** Other writers kept changing the accounts; nothing was written, the request may simply be retried. */
export class ConcurrentModificationError extends DomainError {
  override name = 'ConcurrentModificationError';
  constructor(readonly attempts: number) {
    super(
      'busy',
      'VN.OB.Ledger.ConcurrentModification',
      'The account is busy with other postings; retry shortly.',
    );
  }
}

/** A caller-supplied extra write's condition failed, so nothing in the transaction was written. */
export class ExtraWriteConditionError extends DomainError {
  override name = 'ExtraWriteConditionError';
  constructor(
    readonly index: number,
    readonly label: string,
    readonly current: Record<string, unknown> | undefined,
  ) {
    super('conflict', 'VN.OB.Ledger.ConditionFailed', `The ${label} changed meanwhile; nothing was written.`);
  }
}

/** A posting with this id exists already: the operation it names was booked before. */
export class DuplicatePostingError extends DomainError {
  override name = 'DuplicatePostingError';
  constructor(readonly postingId: string) {
    super('conflict', 'VN.OB.Ledger.DuplicatePosting', 'This operation was already booked.');
  }
}

/** No hold with this id on this account. */
export class HoldNotFoundError extends DomainError {
  override name = 'HoldNotFoundError';
  constructor(readonly holdId: string) {
    super('not-found', 'UK.OBIE.Resource.NotFound', 'No such hold on this account.');
  }
}

/** The hold is not in a state that allows this (settling a released hold, releasing a settled one, reusing an id). */
export class HoldStateError extends DomainError {
  override name = 'HoldStateError';
  constructor(
    readonly holdId: string,
    message: string,
  ) {
    super('conflict', 'VN.OB.Ledger.HoldState', message);
  }
}

/** A transfer instruction the code should never have built (a bug, never the client's fault: a 500). */
export class InvalidTransferError extends Error {
  override name = 'InvalidTransferError';
  constructor(readonly problems: string[]) {
    super(`Invalid transfer instruction: ${problems.join('; ')}`);
  }
}
