import type { Consent } from '#domain/consent.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { keys } from './keys.ts';
import { readItems } from './ledger/accounts.ts';

/** A consent and the accounts read with it, as of one strongly consistent read. */
export interface ConsentWithAccounts {
  consent: Consent | undefined;
  /** Every account asked for: the item, or `undefined` when it does not exist. */
  accounts: Map<string, AccountItem | undefined>;
  /** Every other item asked for, keyed `pk|sk` (absent when it does not exist). */
  others: Map<string, Record<string, unknown>>;
}

/**
 * The consent behind a request and the accounts it will need, in ONE strongly consistent
 * `BatchGetItem` (plus any `others` the caller names, such as its idempotency record), so a
 * protected request reads everything it needs in one round trip.
 */
export async function readConsentWithAccounts(
  consentId: string,
  accountIds: readonly string[],
  others: readonly { pk: string; sk: string }[] = [],
): Promise<ConsentWithAccounts> {
  const ids = [...new Set(accountIds)];
  const consentKey = keys.consent(consentId);
  const found = await readItems([consentKey, ...ids.map((id) => keys.account(id)), ...others]);
  const take = (key: { pk: string; sk: string }) => found.get(`${key.pk}|${key.sk}`);
  return {
    consent: take(consentKey) as Consent | undefined,
    accounts: new Map(ids.map((id) => [id, take(keys.account(id)) as AccountItem | undefined])),
    others: new Map(
      others.flatMap((key) => {
        const item = take(key);
        return item ? [[`${key.pk}|${key.sk}`, item] as const] : [];
      }),
    ),
  };
}
