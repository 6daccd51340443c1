import { stripDiacritics } from '#domain/vietqr/charset.ts';

/**
 * The payee check a bank makes before taking a transfer to one of its own accounts ("kiểm tra
 * tên người thụ hưởng"), with Confirmation-of-Payee semantics: the answer is one of
 *
 * - `Match`: the name the payer gave is the holder's, once both are written the way Vietnamese
 *   banks print names: without diacritics, in capitals, single-spaced ("Trần Thị Bình" is
 *   "TRAN THI BINH");
 * - `CloseMatch`: not the same, but close: the same words in another order ("Bình Trần Thị"),
 *   the same letters with the words split differently ("TRANTHI BINH"), or one word one letter
 *   off (a letter added, dropped or changed: "Trần Thị Bích" for "TRAN THI BINH");
 * - `NoMatch`: any other name;
 * - `Unavailable`: no payment can be checked against this number: it is unknown, disabled, or
 *   one of the bank's internal accounts. These are deliberately one answer, so that a caller
 *   cannot tell which accounts exist.
 *
 * Only `Match` lets a consent be created; the holder's name is never disclosed.
 */
export type PayeeCheckResult = 'Match' | 'CloseMatch' | 'NoMatch' | 'Unavailable';

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

/** Whether two different comparable names are close (see {@link PayeeCheckResult}). */
export function isCloseName(given: string, holder: string): boolean {
  const a = comparableName(given);
  const b = comparableName(holder);
  if (a === b || a.length === 0 || b.length === 0) return false;
  const wordsA = a.split(' ');
  const wordsB = b.split(' ');
  if ([...wordsA].sort().join(' ') === [...wordsB].sort().join(' ')) return true;
  if (a.replaceAll(' ', '') === b.replaceAll(' ', '')) return true;
  if (wordsA.length !== wordsB.length) return false;
  const differing = wordsA.flatMap((word, i) => (word === wordsB[i] ? [] : [[word, wordsB[i]!] as const]));
  return differing.length === 1 && oneEditApart(...differing[0]!);
}

/** Whether `b` is `a` with exactly one letter added, dropped or changed. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** What the payee check needs to know of a local account. */
export interface PayeeAccount {
  accountId: string;
  ownerKind: 'customer' | 'client' | 'bank';
  status: 'Enabled' | 'Disabled';
  name: string;
}

/** The payee check of the name the payer gave against the account found under the number, if any. */
export function confirmPayee(account: PayeeAccount | undefined, givenName: string): PayeeCheckResult {
  // Unknown, disabled and the bank's own internal accounts answer alike: nothing to enumerate.
  if (!account || account.ownerKind === 'bank' || account.status !== 'Enabled') return 'Unavailable';
  if (isHolderName(givenName, account.name)) return 'Match';
  return isCloseName(givenName, account.name) ? 'CloseMatch' : 'NoMatch';
}

/** Failed payee checks a client may make per clock hour; the next check waits for the next hour. */
export const PAYEE_CHECK_FAILURES_PER_HOUR = 20;

/**
 * The limit window `at` falls in: the clock hour (UTC), named `YYYY-MM-DDTHH`, and when it ends.
 *
 * @example payeeCheckWindow(new Date('2026-12-02T01:59:00Z')) // { hour: '2026-12-02T01', endsAt: 2026-12-02T02:00:00Z }
 */
export function payeeCheckWindow(at: Date): { hour: string; endsAt: Date } {
  const start = Math.floor(at.getTime() / 3_600_000) * 3_600_000;
  return { hour: new Date(start).toISOString().slice(0, 13), endsAt: new Date(start + 3_600_000) };
}
