import type { Caller } from '#domain/caller.ts';
import { notFound } from '#domain/errors.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { getAccount } from '#store/ledger/accounts.ts';

/**
 * The account, if the customer chose it for the caller's consent (and still owns it);
 * otherwise 404, whether it exists or not, so ids outside the consent reveal nothing. An account
 * read with the consent (the caller's `accounts`) is not read again.
 */
export async function getOwnAccount(caller: Caller, accountId: string): Promise<AccountItem> {
  const allowed = caller.consent?.accountIds ?? [];
  if (!allowed.includes(accountId)) throw notFound(`No account ${accountId} under this consent.`);
  const account = caller.accounts?.has(accountId)
    ? caller.accounts.get(accountId)
    : await getAccount(accountId);
  if (!account || account.ownerId !== caller.customerId) {
    throw notFound(`No account ${accountId} under this consent.`);
  }
  return account;
}
