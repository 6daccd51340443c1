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
 * | event                | EVENTS#<clientId>          | EVENT#<occurredAt>#<eventId>         | EVENTSPENDING#<clientId> / <occurredAt>#<eventId> (until acknowledged) |   |
 * | consent expiry marker| CONSENTDUE#<consentId>     | CONSENTDUE                           | CONSENTEXPIRY#<shard> / <expiresAt>#<consentId> |                              |
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
 * | sign-in source       | LOGIN#SOURCE#<ip>#<window> | SOURCE                               |                                          |                                     |
 * | initial access token | OIDC#InitialAccessToken#<sha256 of token> | OIDC                  |                                          | OIDC-IAT / <expiresAt>#<sha256>     |
 * | account shard        | ACCOUNT#<id>#SHARD#<nn>    | ACCOUNT                              |                                          |                                     |
 * | shard ledger entry   | ACCOUNT#<id>#SHARD#<nn>    | TX#<bookedAt ISO>#<entryId>          |                                          |                                     |
 * | operations exception | OPSEXCEPTION#<id>          | OPSEXCEPTION                         | OPSEXCEPTIONS#<day> / <occurredAt>#<id>  |                                     |
 * | failed payee checks  | PAYEECHECK#<clientId>#<hour>| PAYEECHECK                          |                                          |                                     |
 * | bill batch           | BILLBATCH#<batchId>        | BATCH / CHUNK#<nnnn> (100 items each)| BILLBATCHES#0 / <createdAt>#<batchId> (until completed) |     |
 *
 * | client limits        | CLIENTLIMITS               | CLIENT#<clientId>                    |                                      |                                     |
 * | webhook endpoint     | WHEP#<clientId>            | ENDPOINT#<endpointId>                |                                          |                                     |
 * | webhook delivery     | WHDLV#<endpointId>         | <occurredAt>#<eventId>               | WHDUE#<shard> / <nextAttemptAt>#<endpointId>#<eventId> (pending only) |  |
 * | webhook attempt      | WHATT#<endpointId>         | <attemptedAt>#<eventId>#<n>          |                                          |                                     |
 * | stream position      | STREAMPOS#<consumer>       | <shardId>                            |                                          |                                     |
 * | bill                 | BILL#<billId>              | BILL                                 | BILLS#<clientId> / <createdAt>#<billId>  | BILLDUE#<shard> / <expiresAt>#<billId> (unpaid only) |
 * | bill refund          | BILL#<billId>              | REFUND#<refundId>                    | BILLREFUNDS#<shard> / <createdAt>#… (pending only) |                           |
 * | bill reference       | BILLREF#<clientId>#<ref>   | BILLREF                              |                                          |                                     |
 * | city partner         | PARTNER#<clientId>         | PARTNER                              |                                          |                                     |
 * | checkout session     | CHECKOUT#<sessionId>       | CHECKOUT                             |                                      |                                     |
 * | partner logo         | PARTNERLOGO#<clientId>     | LOGO                                 |                                          |                                     |
 *
 * No other module writes a key or a key prefix: they call these builders.
 *
 * The prefixes below name each item type's partition (table) or index partition: the route
 * table (`functions/routing/routes.ts`) declares by them which items each Lambda reads and
 * writes, and the CDK stack turns that into IAM `dynamodb:LeadingKeys` conditions.
 */

/** Table partition-key prefixes, one per item type (IAM `dynamodb:LeadingKeys` on the table). */
export const PK = {
  customer: 'CUSTOMER#',
  /** The account, its ledger entries and its holds. */
  account: 'ACCOUNT#',
  posting: 'POSTING#',
  idempotency: 'IDEMPOTENCY#',
  consent: 'CONSENT#',
  events: 'EVENTS#',
  sandboxSeed: 'SANDBOX',
  dpopProof: 'DPOP#',
  /** Every record of the authorization server; {@link oidcModelPrefix} narrows it to one model. */
  oidc: 'OIDC#',
  payment: 'PAYMENT#',
  dailyTotal: 'PAYDAY#',
  cashSession: 'CASHSESSION#',
  cashReference: 'CASHREF#',
  customerSession: 'CUSTSESSION#',
  loginAttempts: 'LOGIN#',
  opsException: 'OPSEXCEPTION#',
  payeeCheckFailures: 'PAYEECHECK#',
  /** A batch of bills and its items, in chunks (`store/bills/batches.ts`). */
  billBatch: 'BILLBATCH#',
  /** One partition holding every client's limits, so a reader loads them all in one Query. */
  clientLimits: 'CLIENTLIMITS',
  /** Consents with an expiry, until the expiry worker has ended them. */
  consentExpiry: 'CONSENTDUE#',
  /** Webhooks: a client's endpoints (one partition per client), deliveries and attempts per endpoint. */
  webhookEndpoints: 'WHEP#',
  webhookDeliveries: 'WHDLV#',
  webhookAttempts: 'WHATT#',
  /** Where a local stream consumer stopped reading (DynamoDB Local's stream; Lambda keeps its own in AWS). */
  streamPosition: 'STREAMPOS#',
  /** A bill and its refunds (one item collection: one Query reads a bill with everything done to it). */
  bill: 'BILL#',
  /** A partner's own bill reference, unique per partner. */
  billReference: 'BILLREF#',
  /** A city partner: its collection account. */
  partner: 'PARTNER#',
  /** Bank-hosted checkout sessions (issue 14). */
  checkoutSession: 'CHECKOUT#',
  /** A city partner's logo for its hosted checkout pages: apart from the partner item, so the page reads logos only. */
  partnerLogo: 'PARTNERLOGO#',
} as const;

/** gsi1 partition-key prefixes (IAM `dynamodb:LeadingKeys` on a Query of gsi1). */
export const GSI1 = {
  username: 'USERNAME#',
  /** A customer's accounts (whole account items: the index projects every attribute). */
  accountsOfCustomer: 'CUSTOMER#',
  postingsOfDay: 'DAY#',
  consentsOfClient: 'CLIENT#',
  oidcGrant: 'OIDC-GRANT#',
  paymentsInProcess: 'PAYSETTLE#',
  cashOpen: 'CASHOPEN#',
  /** Batches of bills not completed yet, for the batch worker. */
  pendingBillBatches: 'BILLBATCHES#',
  opsExceptionsOfDay: 'OPSEXCEPTIONS#',
  /** A client's events not yet acknowledged through aggregated polling (sparse). */
  eventsPending: 'EVENTSPENDING#',
  /** Consent expiry markers by expiry time, over shards. */
  consentsDue: 'CONSENTEXPIRY#',
  /** Webhook deliveries waiting for an attempt, by when it is due, over shards. */
  webhooksDue: 'WHDUE#',
  billsOfClient: 'BILLS#',
  /** Refunds booked but not yet posted (a crash between the payment and its refund), for the sweeper. */
  pendingBillRefunds: 'BILLREFUNDS#',
} as const;

/** gsi2 partition-key prefixes (IAM `dynamodb:LeadingKeys` on a Query of gsi2). */
export const GSI2 = {
  accountNumber: 'ACCTNO#',
  consentsOfCustomer: 'CUSTOMER#',
  sandboxCustomers: 'SANDBOX#CUSTOMERS',
  oidcUid: 'OIDC-UID#',
  oidcUserCode: 'OIDC-USERCODE#',
  initialAccessTokens: 'OIDC-IAT',
  /** Unpaid bills by when they expire, over shards (sparse: removed once paid, cancelled or expired). */
  billsDue: 'BILLDUE#',
} as const;

/** The records of one authorization-server model (`OIDC#Client#`). */
export const oidcModelPrefix = <Model extends string>(model: Model): `OIDC#${Model}#` =>
  `${PK.oidc}${model}#`;

/**
 * The authorization server's models whose records carry a `grantId` (gsi1 `OIDC-GRANT#`), and
 * the grant itself: what ending a grant deletes. Registered clients are not among them.
 */
export const OIDC_GRANT_MODELS = [
  'Grant',
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'Interaction',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
] as const;

export type TablePrefix = (typeof PK)[keyof typeof PK] | `OIDC#${string}#`;
export type Gsi1Prefix = (typeof GSI1)[keyof typeof GSI1];
export type Gsi2Prefix = (typeof GSI2)[keyof typeof GSI2];

export const keys = {
  customer: (customerId: string) => ({ pk: `${PK.customer}${customerId}`, sk: 'PROFILE' }),
  customerByUsername: (username: string) => ({
    gsi1pk: `${GSI1.username}${username.toLowerCase()}`,
    gsi1sk: 'CUSTOMER',
  }),
  account: (accountId: string) => ({ pk: `${PK.account}${accountId}`, sk: 'ACCOUNT' }),
  accountsOfCustomer: (customerId: string, accountId: string) => ({
    gsi1pk: `${GSI1.accountsOfCustomer}${customerId}`,
    gsi1sk: `ACCOUNT#${accountId}`,
  }),
  accountByNumber: (bankBin: string, accountNumber: string) => ({
    gsi2pk: `${GSI2.accountNumber}${bankBin}#${accountNumber}`,
    gsi2sk: 'ACCOUNT',
  }),
  /** Ledger entries sort by booking time, so a date window is one key range and paging is a key. */
  ledgerEntry: (accountId: string, bookedAt: string, entryId: string) => ({
    pk: `${PK.account}${accountId}`,
    sk: `TX#${bookedAt}#${entryId}`,
  }),
  /** A hold lives beside its account, so placing one reads both in one BatchGet. */
  hold: (accountId: string, holdId: string) => ({ pk: `${PK.account}${accountId}`, sk: `HOLD#${holdId}` }),
  posting: (postingId: string) => ({ pk: `${PK.posting}${postingId}`, sk: 'POSTING' }),
  postingsOfDay: (day: string, bookedAt: string, postingId: string) => ({
    gsi1pk: `${GSI1.postingsOfDay}${day}`,
    gsi1sk: `${bookedAt}#${postingId}`,
  }),
  idempotency: (clientId: string, key: string) => ({
    pk: `${PK.idempotency}${clientId}#${key}`,
    sk: 'IDEMPOTENCY',
  }),
  consent: (consentId: string) => ({ pk: `${PK.consent}${consentId}`, sk: 'CONSENT' }),
  consentsOfClient: (clientId: string, createdAt: string) => ({
    gsi1pk: `${GSI1.consentsOfClient}${clientId}`,
    gsi1sk: `CONSENT#${createdAt}`,
  }),
  consentsOfCustomer: (customerId: string, createdAt: string) => ({
    gsi2pk: `${GSI2.consentsOfCustomer}${customerId}`,
    gsi2sk: `CONSENT#${createdAt}`,
  }),
  event: (clientId: string, occurredAt: string, eventId: string) => ({
    pk: `${PK.events}${clientId}`,
    sk: `EVENT#${occurredAt}#${eventId}`,
  }),
  /** An event's sort key from its position (`<occurredAt>#<eventId>`), or a prefix of one. */
  eventPosition: (position: string) => `EVENT#${position}`,
  /** Sparse index of a client's events that aggregated polling has not had acknowledged, oldest first. */
  eventPending: (clientId: string, occurredAt: string, eventId: string) => ({
    gsi1pk: `${GSI1.eventsPending}${clientId}`,
    gsi1sk: `${occurredAt}#${eventId}`,
  }),
  /** A consent that will expire: the expiry worker finds it by time on a sharded index. */
  consentExpiry: (consentId: string) => ({ pk: `${PK.consentExpiry}${consentId}`, sk: 'CONSENTDUE' }),
  consentDue: (consentId: string, expiresAt: string) => ({
    gsi1pk: consentsDuePartition(shardOf(consentId, CONSENT_EXPIRY_SHARDS)),
    gsi1sk: `${expiresAt}#${consentId}`,
  }),
  dpopProof: (jkt: string, jti: string) => ({ pk: `${PK.dpopProof}${jkt}#${jti}`, sk: 'JTI' }),
  sandboxSeed: (version: string) => ({ pk: PK.sandboxSeed, sk: `SEED#${version}` }),
  /** Sandbox customers share one gsi2 partition, in seeding order (demo customers first). */
  sandboxCustomerListing: (namespace: string, index: number) => ({
    gsi2pk: SANDBOX_CUSTOMERS_PARTITION,
    gsi2sk: `${namespace}#${String(index).padStart(8, '0')}`,
  }),
  payment: (paymentId: string) => ({ pk: `${PK.payment}${paymentId}`, sk: 'PAYMENT' }),
  /** Sparse index of interbank payments waiting for NAPAS, by when they may settle, over shards. */
  paymentInProcess: (paymentId: string, settleAfter: string) => ({
    gsi1pk: paymentSettlePartition(shardOf(paymentId, SETTLE_SHARDS)),
    gsi1sk: `${settleAfter}#${paymentId}`,
  }),
  dailyTotal: (customerId: string, day: string) => ({
    pk: `${PK.dailyTotal}${customerId}#${day}`,
    sk: 'PAYDAY',
  }),
  cashSession: (sessionId: string) => ({ pk: `${PK.cashSession}${sessionId}`, sk: 'CASHSESSION' }),
  cashReference: (reference: string) => ({ pk: `${PK.cashReference}${reference}`, sk: 'CASHREF' }),
  /** Sparse index of cash sessions still open, by deadline, over shards. */
  cashOpen: (sessionId: string, deadline: string) => ({
    gsi1pk: cashOpenPartition(shardOf(sessionId, OPEN_SHARDS)),
    gsi1sk: `${deadline}#${sessionId}`,
  }),
  /** One shard of a sharded account (`#domain/ledger/shards.ts`): its own partition, so writers spread out. */
  accountShard: (accountId: string, shard: number) => ({
    pk: accountShardPartition(accountId, shard),
    sk: 'ACCOUNT',
  }),
  /** A ledger entry booked on one shard, beside that shard. */
  shardEntry: (accountId: string, shard: number, bookedAt: string, entryId: string) => ({
    pk: accountShardPartition(accountId, shard),
    sk: `TX#${bookedAt}#${entryId}`,
  }),
  /** An exception for the operations desk (a late dispense, a reversal into a disabled account). */
  opsException: (exceptionId: string) => ({ pk: `${PK.opsException}${exceptionId}`, sk: 'OPSEXCEPTION' }),
  /** The desk reads exceptions by business day, oldest first. */
  opsExceptionsOfDay: (day: string, occurredAt: string, exceptionId: string) => ({
    gsi1pk: opsExceptionsPartition(day),
    gsi1sk: `${occurredAt}#${exceptionId}`,
  }),
  /** A client's failed payee checks in one clock hour (UTC), counted towards its limit. */
  payeeCheckFailures: (clientId: string, hour: string) => ({
    pk: `${PK.payeeCheckFailures}${clientId}#${hour}`,
    sk: 'PAYEECHECK',
  }),
  customerSession: (sessionId: string) => ({ pk: `${PK.customerSession}${sessionId}`, sk: 'SESSION' }),
  loginAttempts: (username: string) => ({
    pk: `${PK.loginAttempts}${username.toLowerCase()}`,
    sk: 'ATTEMPTS',
  }),
  /** A source address's sign-in attempts in one window (usernames are lower-cased: no clash). */
  loginSource: (sourceIp: string, windowStart: number) => ({
    pk: `${PK.loginAttempts}SOURCE#${sourceIp}#${windowStart}`,
    sk: 'SOURCE',
  }),
  /** Partners' initial access tokens (stored under their hash), listed for operators by expiry. */
  initialAccessTokenListing: (expiresAt: number, digest: string) => ({
    gsi2pk: GSI2.initialAccessTokens,
    gsi2sk: `${expiresAt}#${digest}`,
  }),
  /** The authorization server's records (the oidc-provider adapter's layout). */
  oidc: (model: string, id: string) => ({ pk: `${oidcModelPrefix(model)}${id}`, sk: 'OIDC' }),
  oidcByGrant: (grantId: string, model = '', id = '') => ({
    gsi1pk: `${GSI1.oidcGrant}${grantId}`,
    gsi1sk: `${model}#${id}`,
  }),
  oidcByUid: (uid: string, model = '') => ({ gsi2pk: `${GSI2.oidcUid}${uid}`, gsi2sk: model }),
  oidcByUserCode: (userCode: string, model = '') => ({
    gsi2pk: `${GSI2.oidcUserCode}${userCode}`,
    gsi2sk: model,
  }),
  billBatch: (batchId: string) => ({ pk: `${PK.billBatch}${batchId}`, sk: 'BATCH' }),
  /** One chunk of a batch's items: `CHUNK#0000` upwards, so a Query returns them in order. */
  billBatchChunk: (batchId: string, chunk: number) => ({
    pk: `${PK.billBatch}${batchId}`,
    sk: `CHUNK#${String(chunk).padStart(4, '0')}`,
  }),
  /** Sparse index of batches the worker has still to finish, oldest first. */
  pendingBillBatch: (createdAt: string, batchId: string) => ({
    gsi1pk: pendingBillBatchesPartition(0),
    gsi1sk: `${createdAt}#${batchId}`,
  }),
  /** An operator's limits for one client (rate, burst, daily quota); all clients share one partition. */
  clientLimits: (clientId: string) => ({ pk: PK.clientLimits, sk: `CLIENT#${clientId}` }),
  webhookEndpoint: (clientId: string, endpointId: string) => ({
    pk: `${PK.webhookEndpoints}${clientId}`,
    sk: `${WEBHOOK_ENDPOINT_SK_PREFIX}${endpointId}`,
  }),
  /** One delivery of one event to one endpoint, in event order within the endpoint. */
  webhookDelivery: (endpointId: string, occurredAt: string, eventId: string) => ({
    pk: `${PK.webhookDeliveries}${endpointId}`,
    sk: `${occurredAt}#${eventId}`,
  }),
  /** Sparse index of deliveries waiting for an attempt, by due time, over shards. */
  webhookDue: (endpointId: string, eventId: string, nextAttemptAt: string) => ({
    gsi1pk: webhooksDuePartition(shardOf(`${endpointId}#${eventId}`, WEBHOOK_DUE_SHARDS)),
    gsi1sk: `${nextAttemptAt}#${endpointId}#${eventId}`,
  }),
  webhookAttempt: (endpointId: string, attemptedAt: string, eventId: string, attempt: number) => ({
    pk: `${PK.webhookAttempts}${endpointId}`,
    sk: `${attemptedAt}#${eventId}#${String(attempt).padStart(3, '0')}`,
  }),
  streamPosition: (consumer: string, shardId: string) => ({
    pk: `${PK.streamPosition}${consumer}`,
    sk: shardId,
  }),
  bill: (billId: string) => ({ pk: `${PK.bill}${billId}`, sk: 'BILL' }),
  /** A partner's bills by creation time: a date window is one key range. */
  billsOfClient: (clientId: string, createdAt: string, billId: string) => ({
    gsi1pk: `${GSI1.billsOfClient}${clientId}`,
    gsi1sk: `${createdAt}#${billId}`,
  }),
  /** Sparse index of unpaid bills by expiry, over shards, for the expiry worker. */
  billDue: (billId: string, expiresAt: string) => ({
    gsi2pk: billsDuePartition(shardOf(billId, BILL_DUE_SHARDS)),
    gsi2sk: `${expiresAt}#${billId}`,
  }),
  billRefund: (billId: string, refundId: string) => ({ pk: `${PK.bill}${billId}`, sk: `REFUND#${refundId}` }),
  /** Sparse index of refunds not yet posted, for the sweeper to finish. */
  pendingBillRefund: (billId: string, refundId: string, createdAt: string) => ({
    gsi1pk: pendingBillRefundsPartition(shardOf(billId, BILL_DUE_SHARDS)),
    gsi1sk: `${createdAt}#${billId}#${refundId}`,
  }),
  billReference: (clientId: string, reference: string) => ({
    pk: `${PK.billReference}${clientId}#${reference}`,
    sk: 'BILLREF',
  }),
  partner: (clientId: string) => ({ pk: `${PK.partner}${clientId}`, sk: 'PARTNER' }),
  /** A bank-hosted checkout session (issue 14), expiring by TTL a day after it ends. */
  checkoutSession: (sessionId: string) => ({ pk: `${PK.checkoutSession}${sessionId}`, sk: 'CHECKOUT' }),
  /** A city partner's logo for the hosted checkout page. */
  partnerLogo: (clientId: string) => ({ pk: `${PK.partnerLogo}${clientId}`, sk: 'LOGO' }),
} as const;

/** A client's webhook endpoints: the sort-key prefix of its partition. */
export const WEBHOOK_ENDPOINT_SK_PREFIX = 'ENDPOINT#';
/** Partitions of the due-webhook-deliveries index. */
export const WEBHOOK_DUE_SHARDS = 4;
/** A partition of the due-webhook-deliveries index. */
export const webhooksDuePartition = (shard: number) => `${GSI1.webhooksDue}${shard}`;

/** Partitions of the unpaid-bills and pending-refunds indexes. */
export const BILL_DUE_SHARDS = 8;
/** A partition of the unpaid-bills-by-expiry index. */
export const billsDuePartition = (shard: number) => `${GSI2.billsDue}${shard}`;
/** A partition of the pending-refunds index. */
export const pendingBillRefundsPartition = (shard: number) => `${GSI1.pendingBillRefunds}${shard}`;

/** The gsi2 partition of the sandbox's customer listing. */
export const SANDBOX_CUSTOMERS_PARTITION = GSI2.sandboxCustomers;
/** Partitions of the payments-in-process index. */
export const SETTLE_SHARDS = 8;
/** Partitions of the open-cash-session index. */
export const OPEN_SHARDS = 8;

/** Partitions of the consent-expiry index. */
export const CONSENT_EXPIRY_SHARDS = 4;
/** A partition of the consent-expiry index. */
export const consentsDuePartition = (shard: number) => `${GSI1.consentsDue}${shard}`;
/** A partition of the payments-in-process index. */
export const paymentSettlePartition = (shard: number) => `${GSI1.paymentsInProcess}${shard}`;
/** A partition of the open-cash-session index. */
export const cashOpenPartition = (shard: number) => `${GSI1.cashOpen}${shard}`;
/** The partition of the pending-batches index (one: a handful of batches are pending at a time). */
export const pendingBillBatchesPartition = (shard: number) => `${GSI1.pendingBillBatches}${shard}`;

/** The partition of one shard of a sharded account. */
const accountShardPartition = (accountId: string, shard: number) =>
  `${PK.account}${accountId}#SHARD#${String(shard).padStart(2, '0')}`;
/** The gsi1 partition of one business day's operations exceptions. */
export const opsExceptionsPartition = (day: string) => `${GSI1.opsExceptionsOfDay}${day}`;

/** An id's shard: stable, and even over random ids. */
function shardOf(id: string, shards: number): number {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % shards;
}
