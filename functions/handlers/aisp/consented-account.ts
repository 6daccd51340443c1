import { accountAccessLevel } from '#domain/account-access.ts';
import { ForbiddenError, NotFoundError } from '#http/errors.ts';
import type { Caller } from '#http/request.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { getAccount } from '#store/ledger/accounts.ts';

/** The consent's permissions (customer tokens always carry an account-access consent here). */
export function permissionsOf(caller: Caller): string[] {
  if (caller.consent?.kind !== 'account-access') {
    throw new ForbiddenError(
      'VN.OB.Consent.WrongKind',
      'this token was granted for a payment, not for account access',
    );
  }
  return (caller.consent.detail.Permissions as string[]) ?? [];
}

/** Throws 403 unless the consent grants one of these permissions. */
export function requirePermission(caller: Caller, ...anyOf: string[]): string[] {
  const permissions = permissionsOf(caller);
  if (!anyOf.some((p) => permissions.includes(p))) {
    throw new ForbiddenError(
      'VN.OB.Consent.PermissionMissing',
      `the consent does not grant ${anyOf.join(' or ')}`,
    );
  }
  return permissions;
}

/**
 * The account, if the customer chose it for this consent; otherwise 404, whether it exists
 * or not, so ids outside the consent reveal nothing.
 */
export async function consentedAccount(caller: Caller, accountId: string): Promise<AccountItem> {
  const allowed = caller.consent?.accountIds ?? [];
  if (!allowed.includes(accountId)) throw new NotFoundError(`No account ${accountId} under this consent.`);
  const account = await getAccount(accountId);
  if (!account || account.ownerId !== caller.customerId) {
    throw new NotFoundError(`No account ${accountId} under this consent.`);
  }
  return account;
}

/** Whether account identifiers may be shown. */
export function showsAccountDetail(caller: Caller): boolean {
  return accountAccessLevel(permissionsOf(caller)) === 'detail';
}
