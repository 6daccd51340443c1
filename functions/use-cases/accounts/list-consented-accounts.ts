import { accountAccessLevel, requirePermission } from '#domain/account-access.ts';
import type { Caller } from '#domain/caller.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { getAccount } from '#store/ledger/accounts.ts';

/**
 * The accounts the customer chose for the caller's consent (ReadAccountsBasic or
 * ReadAccountsDetail), and whether their identifiers may be shown (Detail). Accounts read with
 * the consent are not read again.
 */
export async function listConsentedAccounts(
  caller: Caller,
): Promise<{ accounts: AccountItem[]; detail: boolean }> {
  const consent = caller.consent!;
  const permissions = requirePermission(consent, 'ReadAccountsBasic', 'ReadAccountsDetail');
  const read = caller.accounts;
  const accounts = await Promise.all(
    (consent.accountIds ?? []).map((id) => (read?.has(id) ? read.get(id) : getAccount(id))),
  );
  return {
    accounts: accounts.filter(
      (account): account is AccountItem => account !== undefined && account.ownerId === caller.customerId,
    ),
    detail: accountAccessLevel(permissions) === 'detail',
  };
}
