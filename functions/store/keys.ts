/**
 * The single-table layout: every key the platform writes is built here, so access
 * patterns are visible in one place. `pk`/`sk` are the table keys; `gsi1*`, `gsi2*` the indexes.
 *
 * | item                 | pk                         | sk                                   | gsi1pk / gsi1sk                          | gsi2pk / gsi2sk                     |
 * |----------------------|----------------------------|--------------------------------------|------------------------------------------|-------------------------------------|
 * | customer             | CUSTOMER#<id>              | PROFILE                              | USERNAME#<username> / CUSTOMER           |                                     |
 * | account              | ACCOUNT#<id>               | ACCOUNT                              | CUSTOMER#<customerId> / ACCOUNT#<id>     | ACCTNO#<bin>#<number> / ACCOUNT     |
 * | ledger entry         | ACCOUNT#<id>               | TX#<bookedAt ISO>#<entryId>          |                                          |                                     |
 * | hold                 | ACCOUNT#<id>               | HOLD#<holdId>                        |                                          |                                     |
 * | posting (journal)    | POSTING#<id>               | POSTING                              | DAY#<yyyy-mm-dd> / <bookedAt>#<id>       |                                     |
 * | idempotency record   | IDEMPOTENCY#<clientId>#<key>| IDEMPOTENCY                         |                                          |                                     |
 * | consent              | CONSENT#<id>               | CONSENT                              | CLIENT#<clientId> / CONSENT#<createdAt>  | CUSTOMER#<customerId> / CONSENT#<createdAt> |
 * | event                | EVENTS#<clientId>          | EVENT#<occurredAt>#<eventId>         |                                          |                                     |
 * | sandbox marker       | SANDBOX                    | SEED#<version>[#<namespace>]         |                                          |                                     |
 * | sandbox customer list| (the customer item)        |                                      |                                          | SANDBOX#CUSTOMERS / <namespace>#<index> |
 * | DPoP proof id        | DPOP#<jkt>#<jti>           | JTI                                  |                                          |                                     |
 * | OAuth (oidc-provider)| OIDC#<Model>#<id>          | OIDC                                 | OIDC-GRANT#<grantId> / <Model>#<id>      | OIDC-UID#<uid> / <Model>            |
 * | cash session         | see functions/store/cash-sessions.ts                                                                                     |
 */
/** Partition-key prefix of DPoP proof ids; IAM lets protected read-only routes write only under it. */
export const DPOP_REPLAY_PREFIX = 'DPOP#';

export const keys = {
  customer: (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'PROFILE' }),
  customerByUsername: (username: string) => ({
    gsi1pk: `USERNAME#${username.toLowerCase()}`,
    gsi1sk: 'CUSTOMER',
  }),
  account: (accountId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: 'ACCOUNT' }),
  accountsOfCustomer: (customerId: string, accountId: string) => ({
    gsi1pk: `CUSTOMER#${customerId}`,
    gsi1sk: `ACCOUNT#${accountId}`,
  }),
  accountByNumber: (bankBin: string, accountNumber: string) => ({
    gsi2pk: `ACCTNO#${bankBin}#${accountNumber}`,
    gsi2sk: 'ACCOUNT',
  }),
  /** Ledger entries sort by booking time, so a date window is one key range and paging is a key. */
  ledgerEntry: (accountId: string, bookedAt: string, entryId: string) => ({
    pk: `ACCOUNT#${accountId}`,
    sk: `TX#${bookedAt}#${entryId}`,
  }),
  /** A hold lives beside its account, so placing one reads both in one BatchGet. */
  hold: (accountId: string, holdId: string) => ({ pk: `ACCOUNT#${accountId}`, sk: `HOLD#${holdId}` }),
  posting: (postingId: string) => ({ pk: `POSTING#${postingId}`, sk: 'POSTING' }),
  postingsOfDay: (day: string, bookedAt: string, postingId: string) => ({
    gsi1pk: `DAY#${day}`,
    gsi1sk: `${bookedAt}#${postingId}`,
  }),
  idempotency: (clientId: string, key: string) => ({
    pk: `IDEMPOTENCY#${clientId}#${key}`,
    sk: 'IDEMPOTENCY',
  }),
  consent: (consentId: string) => ({ pk: `CONSENT#${consentId}`, sk: 'CONSENT' }),
  consentsOfClient: (clientId: string, createdAt: string) => ({
    gsi1pk: `CLIENT#${clientId}`,
    gsi1sk: `CONSENT#${createdAt}`,
  }),
  consentsOfCustomer: (customerId: string, createdAt: string) => ({
    gsi2pk: `CUSTOMER#${customerId}`,
    gsi2sk: `CONSENT#${createdAt}`,
  }),
  event: (clientId: string, occurredAt: string, eventId: string) => ({
    pk: `EVENTS#${clientId}`,
    sk: `EVENT#${occurredAt}#${eventId}`,
  }),
  dpopProof: (jkt: string, jti: string) => ({ pk: `${DPOP_REPLAY_PREFIX}${jkt}#${jti}`, sk: 'JTI' }),
  sandboxSeed: (version: string) => ({ pk: 'SANDBOX', sk: `SEED#${version}` }),
} as const;

/** Ledger entry sort keys use fixed-width UTC ISO timestamps so string order is time order. */
export function sortableTime(date: Date): string {
  return date.toISOString();
}
