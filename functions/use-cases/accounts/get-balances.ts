import { requirePermission } from '#domain/account-access.ts';
import type { Caller } from '#domain/caller.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { getOwnAccount } from './get-own-account.ts';

/** The account under the caller's consent whose balances it may read (ReadBalances). */
export async function getBalances(caller: Caller, accountId: string): Promise<AccountItem> {
  requirePermission(caller.consent!, 'ReadBalances');
  return getOwnAccount(caller, accountId);
}
