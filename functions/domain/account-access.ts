import type { Consent } from './consent.ts';
import { forbidden } from './errors.ts';
import { isObject, Problems, parseDateTime } from './validation.ts';

/** The v3.1 permissions this platform serves. */
const PERMISSIONS = [
  'ReadAccountsBasic',
  'ReadAccountsDetail',
  'ReadBalances',
  'ReadTransactionsBasic',
  'ReadTransactionsDetail',
  'ReadTransactionsCredits',
  'ReadTransactionsDebits',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** A validated account-access consent request. */
export interface AccountAccessRequest {
  permissions: Permission[];
  expiresAt?: string;
  transactionFrom?: string;
  transactionTo?: string;
}

/**
 * Validates `POST /aisp/account-access-consents` `Data` as UK OB v3.1 says: known permissions,
 * no duplicates, transaction permissions paired (Basic or Detail with Credits and/or Debits),
 * RFC 3339 dates, a future expiry, and from ≤ to.
 */
export function parseAccountAccessRequest(
  body: unknown,
  now: Date,
): { value?: AccountAccessRequest; problems: Problems } {
  const problems = new Problems();
  const data = isObject(body) ? body.Data : undefined;
  if (!isObject(data)) {
    problems.missing('Data', 'Data is required: { "Data": { "Permissions": [ … ] }, "Risk": {} }.');
    return { problems };
  }
  const known = new Set<string>(PERMISSIONS);
  for (const field of Object.keys(data)) {
    if (
      !['Permissions', 'ExpirationDateTime', 'TransactionFromDateTime', 'TransactionToDateTime'].includes(
        field,
      )
    ) {
      problems.add(`Data.${field}`, `Unknown field Data.${field}.`, 'UK.OBIE.Field.Unexpected');
    }
  }
  const raw = data.Permissions;
  const permissions: Permission[] = [];
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.missing(
      'Data.Permissions',
      `Data.Permissions must list at least one of: ${PERMISSIONS.join(', ')}.`,
    );
  } else {
    raw.forEach((permission, i) => {
      if (typeof permission !== 'string' || !known.has(permission)) {
        problems.add(
          `Data.Permissions[${i}]`,
          `Unknown permission ${JSON.stringify(permission)}; use one of ${PERMISSIONS.join(', ')}.`,
          'VN.OB.Consent.UnknownPermission',
        );
      } else if (permissions.includes(permission as Permission)) {
        problems.add(`Data.Permissions[${i}]`, `Permission ${permission} is listed twice.`);
      } else {
        permissions.push(permission as Permission);
      }
    });
    const has = (p: Permission) => permissions.includes(p);
    const level = has('ReadTransactionsBasic') || has('ReadTransactionsDetail');
    const direction = has('ReadTransactionsCredits') || has('ReadTransactionsDebits');
    if (level && !direction) {
      problems.add(
        'Data.Permissions',
        'Transaction permissions need ReadTransactionsCredits and/or ReadTransactionsDebits.',
        'VN.OB.Consent.PermissionCombination',
      );
    }
    if (direction && !level) {
      problems.add(
        'Data.Permissions',
        'ReadTransactionsCredits/Debits need ReadTransactionsBasic or ReadTransactionsDetail.',
        'VN.OB.Consent.PermissionCombination',
      );
    }
  }
  const dates: Record<string, Date | undefined> = {};
  for (const field of ['ExpirationDateTime', 'TransactionFromDateTime', 'TransactionToDateTime'] as const) {
    if (data[field] === undefined) continue;
    dates[field] = parseDateTime(data[field]);
    if (!dates[field]) {
      problems.add(
        `Data.${field}`,
        `Data.${field} must be an RFC 3339 date-time with offset, e.g. 2026-12-31T23:59:59+07:00.`,
        'UK.OBIE.Field.InvalidDate',
      );
    }
  }
  if (dates.ExpirationDateTime && dates.ExpirationDateTime <= now) {
    problems.add(
      'Data.ExpirationDateTime',
      'Data.ExpirationDateTime must be in the future.',
      'UK.OBIE.Field.InvalidDate',
    );
  }
  if (
    dates.TransactionFromDateTime &&
    dates.TransactionToDateTime &&
    dates.TransactionFromDateTime > dates.TransactionToDateTime
  ) {
    problems.add(
      'Data.TransactionFromDateTime',
      'Data.TransactionFromDateTime must not be after Data.TransactionToDateTime.',
      'UK.OBIE.Field.InvalidDate',
    );
  }
  if (!problems.empty) return { problems };
  return {
    problems,
    value: {
      permissions,
      ...(dates.ExpirationDateTime ? { expiresAt: dates.ExpirationDateTime.toISOString() } : {}),
      ...(dates.TransactionFromDateTime
        ? { transactionFrom: dates.TransactionFromDateTime.toISOString() }
        : {}),
      ...(dates.TransactionToDateTime ? { transactionTo: dates.TransactionToDateTime.toISOString() } : {}),
    },
  };
}

/** Whether the consent allows reading accounts (and whether in detail). */
export function accountAccessLevel(permissions: readonly string[]): 'none' | 'basic' | 'detail' {
  if (permissions.includes('ReadAccountsDetail')) return 'detail';
  if (permissions.includes('ReadAccountsBasic')) return 'basic';
  return 'none';
}

/** What transaction reading the consent allows: level and directions. */
export function transactionAccess(permissions: readonly string[]) {
  const level = permissions.includes('ReadTransactionsDetail')
    ? 'detail'
    : permissions.includes('ReadTransactionsBasic')
      ? 'basic'
      : 'none';
  return {
    level,
    credits: permissions.includes('ReadTransactionsCredits'),
    debits: permissions.includes('ReadTransactionsDebits'),
  } as const;
}

/** What an account-access consent keeps under `detail`. */
export interface AccountAccessDetail {
  Permissions: Permission[];
  TransactionFromDateTime?: string;
  TransactionToDateTime?: string;
}

/** The consent's account-access detail. */
export function accountAccessDetailOf(consent: Consent): AccountAccessDetail {
  return consent.detail as unknown as AccountAccessDetail;
}

/**
 * The consent's permissions, if it grants one of `anyOf`; otherwise a 403
 * (`VN.OB.Consent.PermissionMissing`).
 */
export function requirePermission(consent: Consent, ...anyOf: Permission[]): Permission[] {
  const permissions = accountAccessDetailOf(consent).Permissions ?? [];
  if (!anyOf.some((permission) => permissions.includes(permission))) {
    throw forbidden('VN.OB.Consent.PermissionMissing', `the consent does not grant ${anyOf.join(' or ')}`);
  }
  return permissions;
}
