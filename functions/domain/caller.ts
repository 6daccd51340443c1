import type { Consent } from './consent.ts';
import type { AccountItem } from './ledger/entities.ts';

/** Who is calling, as proved by the access token (checked against the route's policy). */
export interface Caller {
  clientId: string;
  scopes: string[];
  /** Present for tokens issued through a customer's authorization (authorization-code grant). */
  customerId?: string;
  /** The consent the token was granted for, when any, in a status the route accepts. */
  consent?: Consent;
  /** Hash of the access token, for audit. */
  tokenId: string;
  /**
   * Accounts read together with the consent (one round trip), by id: the item, or `undefined`
   * when it does not exist. Only what the route asked for; anything else is read when needed.
   * Read, not vouched for: whether the consent covers an account is still the consent's to say.
   */
  accounts?: ReadonlyMap<string, AccountItem | undefined>;
}
