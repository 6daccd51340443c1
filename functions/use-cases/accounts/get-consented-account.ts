import { accountAccessLevel, requirePermission } from '#domain/account-access.ts';
import type { Caller } from '#domain/caller.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { getOwnAccount } from './get-own-account.ts';

/**
 * One account under the caller's consent (ReadAccountsBasic or ReadAccountsDetail), and
 * whether its identifiers may be shown (Detail).
 */
export async function getConsentedAccount(
  caller: Caller,
  accountId: string,
): Promise<{ account: AccountItem; detail: boolean }> {
  const permissions = requirePermission(caller.consent!, 'ReadAccountsBasic', 'ReadAccountsDetail');
  const account = await getOwnAccount(caller, accountId);
  return { account, detail: accountAccessLevel(permissions) === 'detail' };
}
