import {
  accountAccessDetailOf,
  type Permission,
  requirePermission,
  transactionAccess,
} from '#domain/account-access.ts';
import type { Caller } from '#domain/caller.ts';
import { valueOrThrow } from '#domain/errors.ts';
import type { LedgerEntryItem } from '#domain/ledger/entities.ts';
import { encodeCursor, isOpenBound, parseTransactionQuery } from '#domain/transaction-paging.ts';
import { queryEntries } from '#store/ledger-entries.ts';
import { getOwnAccount } from './get-own-account.ts';

/** One page of an account's transactions, as the consent lets the caller read them. */
export interface TransactionPage {
  entries: LedgerEntryItem[];
  /** The consent's permissions: what each transaction may show. */
  permissions: Permission[];
  /** The booking-time window listed, where it has a bound (a consent without one lists all). */
  from?: string;
  to?: string;
  /** The opaque cursor of the next page, when there is one. */
  nextPage?: string;
}

/**
 * GET …/transactions: newest first, within the consent's window, paged; only the directions
 * the consent grants. The criteria (`fromBookingDateTime`, `toBookingDateTime`, `pageSize`,
 * `page`) are read against the consent's window once the account is known to be under it.
 */
export async function listTransactions(
  caller: Caller,
  accountId: string,
  criteria: Record<string, string>,
): Promise<TransactionPage> {
  const consent = caller.consent!;
  const permissions = requirePermission(consent, 'ReadTransactionsBasic', 'ReadTransactionsDetail');
  const account = await getOwnAccount(caller, accountId);
  const detail = accountAccessDetailOf(consent);
  const query = valueOrThrow(
    parseTransactionQuery(criteria, account.accountId, {
      ...(detail.TransactionFromDateTime ? { from: detail.TransactionFromDateTime } : {}),
      ...(detail.TransactionToDateTime ? { to: detail.TransactionToDateTime } : {}),
    }),
  );
  const access = transactionAccess(permissions);
  const direction = access.credits && access.debits ? undefined : access.credits ? 'Credit' : 'Debit';
  const listed = {
    ...(isOpenBound(query.from) ? {} : { from: query.from }),
    ...(isOpenBound(query.to) ? {} : { to: query.to }),
  };
  if (query.empty) return { entries: [], permissions, ...listed };
  const page = await queryEntries({
    accountId: account.accountId,
    from: query.from,
    to: query.to,
    pageSize: query.pageSize,
    ...(query.after ? { after: query.after } : {}),
    ...(direction ? { direction } : {}),
  });
  return {
    entries: page.entries,
    permissions,
    ...listed,
    ...(page.next ? { nextPage: encodeCursor(account.accountId, query, page.next) } : {}),
  };
}
