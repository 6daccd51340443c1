import type { Consent } from './consent.ts';

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
}
