import type { CustomerItem } from '#domain/customer.ts';
import type { AccountItem, LedgerEntryItem } from '#domain/ledger/entities.ts';
import type { SandboxCustomer } from '#domain/sandbox/dataset.ts';
import { keys } from '../keys.ts';

/** Generated sandbox data as stored: the domain shapes plus their table and index keys. */

export function customerRecord(
  customer: SandboxCustomer,
  passwordHash: string,
  namespace: string,
  index: number,
): Record<string, unknown> {
  const item: CustomerItem = { ...customer, passwordHash };
  return {
    ...keys.customer(customer.customerId),
    ...keys.customerByUsername(customer.username),
    ...keys.sandboxCustomerListing(namespace, index),
    ...item,
  };
}

/**
 * A customer's account, reachable by id, from its owner (gsi1) and by account number (gsi2).
 * Bank-internal accounts get neither index entry: nobody can pay into them by number.
 */
export function accountRecord(account: AccountItem): Record<string, unknown> {
  if (account.ownerKind === 'bank') return { ...keys.account(account.accountId), ...account };
  return {
    ...keys.account(account.accountId),
    ...keys.accountsOfCustomer(account.ownerId, account.accountId),
    ...keys.accountByNumber(account.bankBin, account.accountNumber),
    ...account,
  };
}

export function entryRecord(entry: LedgerEntryItem): Record<string, unknown> {
  return { ...keys.ledgerEntry(entry.accountId, entry.bookedAt, entry.entryId), ...entry };
}
