import { stripDiacritics } from '#domain/vietqr/charset.ts';

/**
 * The payee checks a bank makes before taking a transfer to one of its own accounts
 * ("kiểm tra tên người thụ hưởng"): the account must exist and be open, and the name the payer
 * typed must be the holder's. Names are compared the way Vietnamese banks print them: without
 * diacritics, in capitals, single-spaced, so "Trần Thị Bình" matches "TRAN THI BINH".
 */

/**
 * A holder name in its comparable form.
 *
 * @example comparableName('  Trần  thị Bình ') // 'TRAN THI BINH'
 */
export function comparableName(name: string): string {
  return stripDiacritics(name.normalize('NFC')).toUpperCase().replace(/\s+/g, ' ').trim();
}

/** Whether the name the payer gave is the account holder's (diacritics, case and spacing aside). */
export function isHolderName(given: string, holder: string): boolean {
  return comparableName(given) === comparableName(holder);
}

/** What the payee check needs to know of a local account. */
export interface PayeeAccount {
  accountId: string;
  ownerKind: 'customer' | 'client' | 'bank';
  status: 'Enabled' | 'Disabled';
  name: string;
}

export type PayeeProblem = 'UnknownAccount' | 'AccountDisabled' | 'NameMismatch';

/** Why a transfer to this local account cannot be taken, or undefined when it can. */
export function payeeProblem(account: PayeeAccount | undefined, givenName: string): PayeeProblem | undefined {
  // The bank's own internal accounts are never a payee.
  if (!account || account.ownerKind === 'bank') return 'UnknownAccount';
  if (account.status !== 'Enabled') return 'AccountDisabled';
  if (!isHolderName(givenName, account.name)) return 'NameMismatch';
  return undefined;
}
