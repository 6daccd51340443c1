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
 * | payment              | PAYMENT#<id>               | PAYMENT                              | PAYSETTLE#<shard> / <settleAfter>#<id>   |                                     |
 * | payments of a day    | PAYDAY#<customerId>#<day>  | PAYDAY                               |                                          |                                     |
 * | cash session         | CASHSESSION#<id>           | CASHSESSION                          | CASHOPEN#<shard> / <deadline>#<id>       |                                     |
 * | cash code reference  | CASHREF#<reference>        | CASHREF                              |                                          |                                     |
 * | customer web session | CUSTSESSION#<id>           | SESSION                              |                                          |                                     |
 * | sign-in attempts     | LOGIN#<username>           | ATTEMPTS                             |                                          |                                     |
 *
 * No other module writes a key or a key prefix: they call these builders.
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
  /** An event's sort key from its position (`<occurredAt>#<eventId>`), or a prefix of one. */
  eventPosition: (position: string) => `EVENT#${position}`,
  dpopProof: (jkt: string, jti: string) => ({ pk: `${DPOP_REPLAY_PREFIX}${jkt}#${jti}`, sk: 'JTI' }),
  sandboxSeed: (version: string) => ({ pk: 'SANDBOX', sk: `SEED#${version}` }),
  /** Sandbox customers share one gsi2 partition, in seeding order (demo customers first). */
  sandboxCustomerListing: (namespace: string, index: number) => ({
    gsi2pk: SANDBOX_CUSTOMERS_PARTITION,
    gsi2sk: `${namespace}#${String(index).padStart(8, '0')}`,
  }),
  payment: (paymentId: string) => ({ pk: `PAYMENT#${paymentId}`, sk: 'PAYMENT' }),
  /** Sparse index of interbank payments waiting for NAPAS, by when they may settle, over shards. */
  paymentInProcess: (paymentId: string, settleAfter: string) => ({
    gsi1pk: paymentSettlePartition(shardOf(paymentId, SETTLE_SHARDS)),
    gsi1sk: `${settleAfter}#${paymentId}`,
  }),
  dailyTotal: (customerId: string, day: string) => ({ pk: `PAYDAY#${customerId}#${day}`, sk: 'PAYDAY' }),
  cashSession: (sessionId: string) => ({ pk: `CASHSESSION#${sessionId}`, sk: 'CASHSESSION' }),
  cashReference: (reference: string) => ({ pk: `CASHREF#${reference}`, sk: 'CASHREF' }),
  /** Sparse index of cash sessions still open, by deadline, over shards. */
  cashOpen: (sessionId: string, deadline: string) => ({
    gsi1pk: cashOpenPartition(shardOf(sessionId, OPEN_SHARDS)),
    gsi1sk: `${deadline}#${sessionId}`,
  }),
  customerSession: (sessionId: string) => ({ pk: `CUSTSESSION#${sessionId}`, sk: 'SESSION' }),
  loginAttempts: (username: string) => ({ pk: `LOGIN#${username.toLowerCase()}`, sk: 'ATTEMPTS' }),
  /** The authorization server's records (the oidc-provider adapter's layout). */
  oidc: (model: string, id: string) => ({ pk: `OIDC#${model}#${id}`, sk: 'OIDC' }),
  oidcByGrant: (grantId: string, model = '', id = '') => ({
    gsi1pk: `OIDC-GRANT#${grantId}`,
    gsi1sk: `${model}#${id}`,
  }),
  oidcByUid: (uid: string, model = '') => ({ gsi2pk: `OIDC-UID#${uid}`, gsi2sk: model }),
  oidcByUserCode: (userCode: string, model = '') => ({ gsi2pk: `OIDC-USERCODE#${userCode}`, gsi2sk: model }),
} as const;

/** The gsi2 partition of the sandbox's customer listing. */
export const SANDBOX_CUSTOMERS_PARTITION = 'SANDBOX#CUSTOMERS';
/** Partitions of the payments-in-process index. */
export const SETTLE_SHARDS = 8;
/** Partitions of the open-cash-session index. */
export const OPEN_SHARDS = 8;

/** A partition of the payments-in-process index. */
export const paymentSettlePartition = (shard: number) => `PAYSETTLE#${shard}`;
/** A partition of the open-cash-session index. */
export const cashOpenPartition = (shard: number) => `CASHOPEN#${shard}`;

/** An id's shard: stable, and even over random ids. */
function shardOf(id: string, shards: number): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % shards;
}
