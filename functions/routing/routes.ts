/**
 * The one route table, with each route's policy. The CDK stack builds the REST API and one
 * Lambda per handler from it (with the grants `access` declares); the local gateway dispatches
 * to the same handler modules; the HTTP chain (`functions/http/api-handler.ts`) reads the
 * matched route's policy to parse, authorise and apply idempotency, so handlers repeat none of it.
 * Plain data only: CDK and every handler bundle import it without pulling in any other code
 * (the key prefixes come from `functions/store/keys.ts`, which imports nothing).
 */
import type { ConsentKind, ConsentStatus } from '#domain/consent.ts';
import type { ApiScope } from '#domain/scopes.ts';
import {
  GSI1,
  GSI2,
  type Gsi1Prefix,
  type Gsi2Prefix,
  OIDC_GRANT_MODELS,
  oidcModelPrefix,
  PK,
  type TablePrefix,
} from '#store/keys.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * What a handler's Lambda may touch; CDK turns it into least-privilege grants. Table items are
 * named by their partition-key prefix from `functions/store/keys.ts` and granted by IAM
 * `dynamodb:LeadingKeys` conditions, so a function that declares `reads: [PK.consent]` can read
 * consents and nothing else. The chain's own needs count too: every route with a `caller`
 * writes the DPoP proof's jti (`PK.dpopProof`), a customer-token route reads its consent, a
 * keyed route reads and writes `PK.idempotency`.
 */
export interface RouteAccess {
  /** Items it reads by key or by a Query of the table (GetItem, BatchGetItem, TransactGetItems, Query). */
  reads?: readonly TablePrefix[];
  /** Items it creates, changes or deletes (PutItem, UpdateItem, DeleteItem, in transactions too). */
  writes?: readonly TablePrefix[];
  /** Items it finds through a Query of gsi1, by the index's own partition-key prefix. */
  gsi1?: readonly Gsi1Prefix[];
  /** Items it finds through a Query of gsi2, by the index's own partition-key prefix. */
  gsi2?: readonly Gsi2Prefix[];
  /** Asks whether the table answers (DescribeTable): the health check, which reads no item. */
  describeTable?: boolean;
  /** Reads the provider's signing keys (Secrets Manager in AWS, `.data/` locally). */
  signingKeys?: boolean;
  /** Reads the document-signing keys (receipts, checkout results): a secret apart from the provider's. */
  documentKeys?: boolean;
  /** Reads the webhook-signing keys (`v1a`, Ed25519): a secret of their own. */
  webhookSigningKeys?: boolean;
  /** Seals webhook endpoint secrets: makes data keys (KMS `GenerateDataKey`), cannot unwrap them. */
  sealsWebhookSecrets?: boolean;
  /** Opens sealed webhook endpoint secrets: unwraps their data keys (KMS `Decrypt`). */
  opensWebhookSecrets?: boolean;
  /** Creates clients' API keys and usage plans of this API and moves keys between plans (AWS only). */
  usagePlans?: boolean;
  /** Queues it sends messages to (CDK grants `sqs:SendMessage` and sets their URLs in the environment). */
  queues?: readonly QueueName[];
}

/** Whether a Lambda with this access talks to DynamoDB at all. */
export function touchesTable(access: RouteAccess = {}): boolean {
  return Boolean(
    access.reads?.length ||
      access.writes?.length ||
      access.gsi1?.length ||
      access.gsi2?.length ||
      access.describeTable,
  );
}

/** Who may call a protected route: checked by the chain before the handler runs. */
export interface CallerPolicy {
  /** The client's own token (client credentials) or a customer's (authorization code bound to a consent). */
  token: 'client' | 'customer';
  /** Any one of these scopes grants access. */
  scopes: readonly ApiScope[];
  /**
   * Customer tokens: the consent's kind, the statuses in which it still opens this route, and
   * which of its accounts to read in the same round trip as the consent: the `{AccountId}` of
   * the path (`'path'`), or every account the token names in its `authorization_details`
   * (`'token'`). Either is read only if the token names it; the consent still decides access.
   */
  consent?: { kind: ConsentKind; statuses: readonly ConsentStatus[]; accounts?: 'path' | 'token' };
  /**
   * Who records the DPoP proof's `jti`: the chain, beside the consent read (default), or the use
   * case, as a conditioned put inside its own transaction (the chain records it on every path
   * where that transaction does not commit: a replay, a refusal, an error).
   */
  proof?: 'chain' | 'use-case';
}

/**
 * `x-idempotency-key` on this route. `required`: scoped per authenticated client; `optional`:
 * the sandbox bank app, which has no client, keys on a fixed owner when the header is sent.
 * `storedBy: 'use-case'`: the key is claimed with a lease first, and the use case writes the
 * answer inside its own transaction (money moved together with the answer); `'transaction'`:
 * nothing is claimed first, the record is read with the consent and written, completed, only
 * as a conditioned put inside the use case's transaction, so a duplicate loses there and
 * replays the winner's answer; `'chain'`: the chain claims and stores the answer after the handler.
 */
interface IdempotencyPolicy {
  key: 'required' | 'optional';
  storedBy: 'chain' | 'use-case' | 'transaction';
  /** Owner of keys sent without an authenticated client (`optional` keys only). */
  owner?: string;
}

/** What a route accepts besides its path: a JSON object, a form, or no body; its query parameters. */
export type BodyKind = 'json' | 'none' | 'form';

export interface Route {
  method: HttpMethod;
  /** API Gateway resource path: `{Name}` parameters, `{proxy+}` greedy tail. */
  path: string;
  /** Module under `functions/`, without extension, exporting `handler`. */
  handler: string;
  /** Absent: public, or the route authenticates its caller itself (the authorization server, pages). */
  caller?: CallerPolicy;
  idempotency?: IdempotencyPolicy;
  body?: BodyKind;
  /** Bytes of body accepted when more than the platform's 1 MiB (a batch of 5,000 bills). */
  maxBodyBytes?: number;
  query?: readonly string[];
  access?: RouteAccess;
  /** Exists only when the platform runs in sandbox mode. */
  sandboxOnly?: boolean;
  /** A page a person sees: its handler answers every failure as a page (http/page-errors.ts), not JSON. */
  page?: true;
}

/** The platform's queues: webhook deliveries (and their dead-letter queue, for the delivery worker). */
export type QueueName = 'webhookDeliveries' | 'webhookDeadLetters';

/** Ending a grant deletes the grant and every code and token issued under it, never a client. */
const grantRecords = OIDC_GRANT_MODELS.map(oidcModelPrefix);
/** The authorization server: its own records, the consent it binds, sign-in, and the accounts shown for consent. */
const authorizationServer: RouteAccess = {
  reads: [PK.oidc, PK.consent, PK.dailyTotal, PK.loginAttempts],
  writes: [PK.oidc, PK.consent, PK.loginAttempts, PK.events],
  gsi1: [GSI1.oidcGrant, GSI1.username, GSI1.accountsOfCustomer],
  gsi2: [GSI2.oidcUid, GSI2.oidcUserCode],
  signingKeys: true,
  // It publishes the document key's public half in the JWKS (the provider insists on the pair).
  documentKeys: true,
};

/**
 * A protected route: the chain records the DPoP proof's jti and, for keyed routes, claims and
 * completes the idempotency key, besides what the route itself reads and writes.
 */
function guarded(
  access: Pick<RouteAccess, 'reads' | 'writes' | 'gsi1' | 'gsi2'>,
  options: { keyed?: boolean } = {},
): RouteAccess {
  const idempotency = options.keyed ? [PK.idempotency] : [];
  return {
    ...access,
    reads: [...idempotency, ...(access.reads ?? [])],
    writes: [PK.dpopProof, ...idempotency, ...(access.writes ?? [])],
  };
}

/** What the hosted checkout page reads: the session, its bill, the partner's name, the payer's accounts and day. */
const checkoutPage = {
  reads: [
    PK.checkoutSession,
    PK.bill,
    oidcModelPrefix('Client'),
    PK.partnerLogo,
    PK.dailyTotal,
  ] as TablePrefix[],
  gsi1: [GSI1.accountsOfCustomer] as Gsi1Prefix[],
};

const client = (...scopes: ApiScope[]): CallerPolicy => ({ token: 'client', scopes });
const customer = (
  kind: ConsentKind,
  scope: ApiScope,
  statuses: ConsentStatus[] = ['Authorised'],
  accounts?: 'path' | 'token',
): CallerPolicy => ({
  token: 'customer',
  scopes: [scope],
  consent: { kind, statuses, ...(accounts ? { accounts } : {}) },
});
/** Reading account data with a customer's token: the consent, then the accounts it covers. */
const accountData = guarded({ reads: [PK.consent, PK.account] });
const keyed: IdempotencyPolicy = { key: 'required', storedBy: 'chain' };
const keyedInTransaction: IdempotencyPolicy = { key: 'required', storedBy: 'use-case' };

const consents = '/v1/aisp/account-access-consents';
const accounts = '/v1/aisp/accounts';
const cashSessions = '/v1/cash/sessions';
const bills = '/v1/bills';
const paymentConsents = '/v1/pisp/domestic-payment-consents';
const payments = '/v1/pisp/domestic-payments';
const webhookEndpoints = '/v1/webhook-endpoints';
/** Any partner may receive its events: fintechs, city partners, terminals. */
const partner = client('accounts', 'payments', 'bills', 'cash');
const authServer = (method: HttpMethod, path: string): Route => ({
  method,
  path,
  handler: 'handlers/oauth/authorization-server',
  access: authorizationServer,
});

export const routes: Route[] = [
  {
    method: 'GET',
    path: '/v1/health',
    handler: 'handlers/system/health',
    access: { describeTable: true },
  },
  { method: 'GET', path: '/v1/banks', handler: 'handlers/system/list-banks' },
  { method: 'GET', path: '/openapi.json', handler: 'handlers/system/openapi-document' },
  { method: 'GET', path: '/docs', handler: 'handlers/system/docs-page' },
  { method: 'GET', path: '/docs/redoc.standalone.js', handler: 'handlers/system/docs-page' },

  authServer('GET', '/.well-known/openid-configuration'),
  authServer('GET', '/oauth2/{proxy+}'),
  authServer('POST', '/oauth2/{proxy+}'),
  // RFC 7592: update and delete a registration at its registration_client_uri.
  authServer('PUT', '/oauth2/{proxy+}'),
  authServer('DELETE', '/oauth2/{proxy+}'),
  authServer('GET', '/interaction/{proxy+}'),
  authServer('POST', '/interaction/{proxy+}'),

  {
    method: 'POST',
    path: consents,
    handler: 'handlers/aisp/create-account-access-consent',
    caller: client('accounts'),
    idempotency: keyed,
    body: 'json',
    access: guarded({ writes: [PK.consent, PK.consentExpiry] }, { keyed: true }),
  },
  {
    method: 'GET',
    path: `${consents}/{ConsentId}`,
    handler: 'handlers/aisp/get-account-access-consent',
    caller: client('accounts'),
    access: guarded({ reads: [PK.consent] }),
  },
  {
    method: 'DELETE',
    path: `${consents}/{ConsentId}`,
    handler: 'handlers/aisp/delete-account-access-consent',
    caller: client('accounts'),
    access: guarded({
      reads: [PK.consent],
      writes: [PK.consent, PK.events, ...grantRecords],
      gsi1: [GSI1.oidcGrant],
    }),
  },
  {
    method: 'GET',
    path: accounts,
    handler: 'handlers/aisp/list-accounts',
    caller: customer('account-access', 'accounts', ['Authorised'], 'token'),
    access: accountData,
  },
  {
    method: 'GET',
    path: `${accounts}/{AccountId}`,
    handler: 'handlers/aisp/get-account',
    caller: customer('account-access', 'accounts', ['Authorised'], 'path'),
    access: accountData,
  },
  {
    method: 'GET',
    path: `${accounts}/{AccountId}/balances`,
    handler: 'handlers/aisp/get-balances',
    caller: customer('account-access', 'accounts', ['Authorised'], 'path'),
    access: accountData,
  },
  {
    method: 'GET',
    path: `${accounts}/{AccountId}/transactions`,
    handler: 'handlers/aisp/list-transactions',
    caller: customer('account-access', 'accounts', ['Authorised'], 'path'),
    query: ['fromBookingDateTime', 'toBookingDateTime', 'pageSize', 'page'],
    access: accountData,
  },

  {
    method: 'POST',
    path: '/v1/qr/vietqr',
    handler: 'handlers/qr/create-vietqr',
    caller: client('bills', 'payments'),
    body: 'json',
    access: guarded({}),
  },
  {
    method: 'POST',
    path: '/v1/qr/decode',
    handler: 'handlers/qr/decode',
    caller: client('bills', 'payments', 'cash'),
    body: 'json',
    access: guarded({}),
  },

  {
    method: 'POST',
    path: paymentConsents,
    handler: 'handlers/pisp/create-domestic-payment-consent',
    caller: client('payments'),
    idempotency: keyed,
    body: 'json',
    access: guarded(
      {
        reads: [PK.payeeCheckFailures],
        writes: [PK.consent, PK.consentExpiry, PK.payeeCheckFailures],
        gsi2: [GSI2.accountNumber],
      },
      { keyed: true },
    ),
  },
  {
    method: 'GET',
    path: `${paymentConsents}/{ConsentId}`,
    handler: 'handlers/pisp/get-domestic-payment-consent',
    caller: client('payments'),
    access: guarded({ reads: [PK.consent] }),
  },
  {
    method: 'GET',
    path: `${paymentConsents}/{ConsentId}/funds-confirmation`,
    handler: 'handlers/pisp/get-funds-confirmation',
    caller: client('payments'),
    access: guarded({ reads: [PK.consent, PK.account] }),
  },
  {
    method: 'POST',
    path: payments,
    handler: 'handlers/pisp/create-domestic-payment',
    // A retry of the payment that consumed its consent must reach the idempotency check, which
    // replays that payment; any other request on a Consumed consent is refused by the use case.
    // One BatchGet (consent, both accounts, the key's record), then one TransactWriteItems that
    // also records the DPoP proof and the key: two round trips.
    caller: {
      ...customer('domestic-payment', 'payments', ['Authorised', 'Consumed'], 'token'),
      proof: 'use-case',
    },
    idempotency: { key: 'required', storedBy: 'transaction' },
    body: 'json',
    access: guarded(
      {
        // A payment to a city's collection account pays the bill it names (issue 13).
        reads: [PK.consent, PK.account, PK.dailyTotal, PK.payment, PK.bill, PK.billReference],
        writes: [PK.account, PK.posting, PK.payment, PK.dailyTotal, PK.consent, PK.events, PK.bill],
        gsi2: [GSI2.accountNumber],
      },
      { keyed: true },
    ),
  },
  {
    method: 'GET',
    path: `${payments}/{DomesticPaymentId}`,
    handler: 'handlers/pisp/get-domestic-payment',
    caller: client('payments'),
    access: guarded({ reads: [PK.payment] }),
  },

  {
    method: 'POST',
    path: cashSessions,
    handler: 'handlers/cash/create-session',
    caller: client('cash'),
    idempotency: keyed,
    body: 'json',
    access: guarded({ writes: [PK.cashSession, PK.cashReference] }, { keyed: true }),
  },
  {
    method: 'GET',
    path: `${cashSessions}/{SessionId}`,
    handler: 'handlers/cash/get-session',
    caller: client('cash'),
    access: guarded({ reads: [PK.cashSession] }),
  },
  {
    method: 'POST',
    path: '/v1/cash/withdrawals',
    handler: 'handlers/cash/report-withdrawal',
    caller: client('cash'),
    idempotency: keyedInTransaction,
    body: 'json',
    access: guarded(
      {
        reads: [PK.cashSession, PK.account],
        writes: [PK.cashSession, PK.account, PK.posting, PK.events, PK.opsException],
      },
      { keyed: true },
    ),
  },

  // Webhooks: a partner registers where its events are posted (any partner scope).
  {
    method: 'POST',
    path: webhookEndpoints,
    handler: 'handlers/webhooks/create-endpoint',
    caller: partner,
    idempotency: keyed,
    body: 'json',
    access: {
      ...guarded({ reads: [PK.webhookEndpoints], writes: [PK.webhookEndpoints] }, { keyed: true }),
      sealsWebhookSecrets: true,
      // Its answer (with the secret) is kept sealed for retries, and opened to replay one.
      opensWebhookSecrets: true,
    },
  },
  {
    method: 'GET',
    path: webhookEndpoints,
    handler: 'handlers/webhooks/list-endpoints',
    caller: partner,
    access: guarded({ reads: [PK.webhookEndpoints] }),
  },
  {
    method: 'GET',
    path: `${webhookEndpoints}/{WebhookEndpointId}`,
    handler: 'handlers/webhooks/get-endpoint',
    caller: partner,
    access: guarded({ reads: [PK.webhookEndpoints] }),
  },
  {
    method: 'PATCH',
    path: `${webhookEndpoints}/{WebhookEndpointId}`,
    handler: 'handlers/webhooks/update-endpoint',
    caller: partner,
    body: 'json',
    access: guarded({ reads: [PK.webhookEndpoints], writes: [PK.webhookEndpoints] }),
  },
  {
    method: 'DELETE',
    path: `${webhookEndpoints}/{WebhookEndpointId}`,
    handler: 'handlers/webhooks/delete-endpoint',
    caller: partner,
    access: guarded({ writes: [PK.webhookEndpoints] }),
  },
  {
    method: 'POST',
    path: `${webhookEndpoints}/{WebhookEndpointId}/rotate-secret`,
    handler: 'handlers/webhooks/rotate-secret',
    caller: partner,
    access: {
      ...guarded({ reads: [PK.webhookEndpoints], writes: [PK.webhookEndpoints] }),
      sealsWebhookSecrets: true,
    },
  },
  {
    method: 'GET',
    path: `${webhookEndpoints}/{WebhookEndpointId}/attempts`,
    handler: 'handlers/webhooks/list-attempts',
    caller: partner,
    query: ['page', 'pageSize'],
    access: guarded({ reads: [PK.webhookEndpoints, PK.webhookAttempts] }),
  },
  {
    method: 'POST',
    path: `${webhookEndpoints}/{WebhookEndpointId}/replay`,
    handler: 'handlers/webhooks/replay',
    caller: partner,
    body: 'json',
    access: {
      ...guarded({ reads: [PK.webhookEndpoints, PK.webhookDeliveries], writes: [PK.webhookDeliveries] }),
      queues: ['webhookDeliveries'],
    },
  },
  {
    method: 'POST',
    path: '/sandbox/webhook-endpoints/{WebhookEndpointId}/test',
    handler: 'handlers/sandbox/test-webhook',
    caller: partner,
    access: {
      ...guarded({ reads: [PK.webhookEndpoints], writes: [PK.webhookDeliveries] }),
      queues: ['webhookDeliveries'],
    },
    sandboxOnly: true,
  },
  // Public: the keys a receiver verifies `v1a` signatures with, without a shared secret.
  {
    method: 'GET',
    path: '/v1/webhook-signing-keys',
    handler: 'handlers/webhooks/signing-keys',
    access: { webhookSigningKeys: true },
  },

  // ---------------------------------------------------------------- Bills (issue 13)
  {
    method: 'POST',
    path: bills,
    handler: 'handlers/bills/create-bill',
    caller: client('bills'),
    idempotency: keyed,
    body: 'json',
    access: guarded(
      {
        // In sandbox the partner's first bill opens its collection account, named after the client.
        reads: [PK.partner, PK.bill, PK.billReference, PK.account, oidcModelPrefix('Client')],
        writes: [PK.bill, PK.billReference, PK.partner, PK.account],
      },
      { keyed: true },
    ),
  },
  {
    method: 'GET',
    path: bills,
    handler: 'handlers/bills/list-bills',
    caller: client('bills'),
    query: ['status', 'category', 'from', 'to', 'pageSize', 'page'],
    access: guarded({ gsi1: [GSI1.billsOfClient] }),
  },
  {
    method: 'GET',
    path: `${bills}/{BillId}`,
    handler: 'handlers/bills/get-bill',
    caller: client('bills'),
    access: guarded({ reads: [PK.bill] }),
  },
  {
    method: 'POST',
    path: `${bills}/{BillId}/cancel`,
    handler: 'handlers/bills/cancel-bill',
    caller: client('bills'),
    body: 'none',
    access: guarded({ reads: [PK.bill], writes: [PK.bill, PK.events] }),
  },
  {
    method: 'POST',
    path: `${bills}/{BillId}/refunds`,
    handler: 'handlers/bills/refund-bill',
    caller: client('bills'),
    idempotency: keyed,
    body: 'json',
    access: guarded(
      { reads: [PK.bill, PK.account], writes: [PK.bill, PK.account, PK.posting, PK.events] },
      { keyed: true },
    ),
  },

  // The customer's own sharing page (Circular 64): a signed-in session cookie, not OAuth.
  {
    method: 'GET',
    path: '/account/consents',
    handler: 'handlers/customer/sharing-page',
    page: true,
    query: ['lang', 'error'],
    access: {
      reads: [PK.customerSession, PK.account, oidcModelPrefix('Client')],
      gsi2: [GSI2.consentsOfCustomer],
    },
  },
  {
    method: 'POST',
    path: '/account/login',
    handler: 'handlers/customer/sign-in',
    page: true,
    query: ['lang'],
    body: 'form',
    access: {
      reads: [PK.loginAttempts],
      writes: [PK.loginAttempts, PK.customerSession],
      gsi1: [GSI1.username],
    },
  },
  {
    method: 'POST',
    path: '/account/consents/{ConsentId}/revoke',
    handler: 'handlers/customer/revoke-sharing',
    page: true,
    query: ['lang'],
    body: 'form',
    access: {
      reads: [PK.customerSession, PK.consent],
      writes: [PK.consent, PK.events, ...grantRecords],
      gsi1: [GSI1.oidcGrant],
    },
  },
  {
    method: 'POST',
    path: '/account/logout',
    handler: 'handlers/customer/sign-out',
    page: true,
    query: ['lang'],
    body: 'form',
    access: { reads: [PK.customerSession], writes: [PK.customerSession] },
  },

  // Bills: receipts, reconciliation and batches (issue 13).
  // The public receipt check: the page verifies in the browser against the JWKS; it reads nothing.
  {
    method: 'GET',
    path: '/receipts/verify',
    handler: 'handlers/receipts/verify-page',
    page: true,
    query: ['lang'],
  },
  // Events: the polling feed and aggregated polling (RFC 8936), for every kind of partner client.
  {
    method: 'GET',
    path: '/v1/events',
    handler: 'handlers/events/list-events',
    caller: client('accounts', 'payments', 'bills', 'cash'),
    query: ['after', 'limit'],
    access: guarded({ reads: [PK.events] }),
  },
  {
    method: 'POST',
    path: '/v1/events',
    handler: 'handlers/events/poll-events',
    caller: client('accounts', 'payments', 'bills', 'cash'),
    body: 'json',
    access: guarded({ reads: [PK.events], writes: [PK.events], gsi1: [GSI1.eventsPending] }),
  },
  {
    method: 'GET',
    path: '/v1/bills/{BillId}/receipt',
    handler: 'handlers/bills/get-bill-receipt',
    caller: client('bills'),
    access: { ...guarded({ reads: [PK.bill] }), documentKeys: true },
  },
  {
    method: 'GET',
    path: '/v1/reconciliation/{Date}',
    handler: 'handlers/bills/get-reconciliation',
    caller: client('bills'),
    // The collection account's entries over its shards, and the bills they name.
    access: guarded({ reads: [PK.partner, PK.account, PK.bill] }),
  },
  {
    method: 'POST',
    path: '/v1/bill-batches',
    handler: 'handlers/bills/create-bill-batch',
    caller: client('bills'),
    idempotency: keyed,
    body: 'json',
    // 5,000 bills with Vietnamese names and descriptions: up to about 3 MB.
    maxBodyBytes: 5 * 1024 * 1024,
    access: guarded({ reads: [PK.partner], writes: [PK.billBatch] }, { keyed: true }),
  },
  {
    method: 'GET',
    path: '/v1/bill-batches/{BatchId}',
    handler: 'handlers/bills/get-bill-batch',
    caller: client('bills'),
    access: guarded({ reads: [PK.billBatch] }),
  },

  // ---------------------------------------------------------------- Checkout (issue 14)
  {
    method: 'POST',
    path: '/v1/bills/{BillId}/checkout-sessions',
    handler: 'handlers/checkout/create-session',
    caller: client('bills'),
    idempotency: keyed,
    body: 'json',
    access: guarded(
      { reads: [PK.bill, oidcModelPrefix('Client')], writes: [PK.checkoutSession] },
      { keyed: true },
    ),
  },
  {
    method: 'GET',
    path: '/v1/checkout-sessions/{CheckoutSessionId}',
    handler: 'handlers/checkout/get-session',
    caller: client('bills'),
    access: guarded({ reads: [PK.checkoutSession] }),
  },
  // The partner's logo on its hosted pages, on the sessions' two Lambdas rather than one of its
  // own (the stack is near CloudFormation's 500 resources): the read beside the session read
  // (write nothing), the writes beside the session's creation.
  ...(['PUT', 'GET', 'DELETE'] as const).map(
    (method): Route => ({
      method,
      path: '/v1/partner/logo',
      handler: method === 'GET' ? 'handlers/checkout/get-session' : 'handlers/checkout/create-session',
      caller: client('bills'),
      ...(method === 'PUT' ? { body: 'json' as const } : {}),
      access: guarded(method === 'GET' ? { reads: [PK.partnerLogo] } : { writes: [PK.partnerLogo] }),
    }),
  ),
  // The hosted page: its own sign-in (the customer's login and OTP) and a cookie bound to the session.
  {
    method: 'GET',
    path: '/checkout/{CheckoutSessionId}',
    handler: 'handlers/checkout/page',
    page: true,
    query: ['lang'],
    access: checkoutPage,
  },
  {
    method: 'POST',
    path: '/checkout/{CheckoutSessionId}/login',
    handler: 'handlers/checkout/sign-in',
    page: true,
    query: ['lang'],
    body: 'form',
    access: {
      reads: [...checkoutPage.reads, PK.loginAttempts],
      writes: [PK.checkoutSession, PK.loginAttempts],
      gsi1: [GSI1.username, GSI1.accountsOfCustomer],
    },
  },
  {
    method: 'POST',
    path: '/checkout/{CheckoutSessionId}/confirm',
    handler: 'handlers/checkout/confirm',
    page: true,
    query: ['lang'],
    body: 'form',
    access: {
      ...checkoutPage,
      reads: [...checkoutPage.reads, PK.account],
      writes: [PK.checkoutSession, PK.account, PK.posting, PK.bill, PK.events, PK.dailyTotal],
      documentKeys: true,
    },
  },
  {
    method: 'POST',
    path: '/checkout/{CheckoutSessionId}/cancel',
    handler: 'handlers/checkout/cancel',
    page: true,
    query: ['lang'],
    body: 'form',
    access: { ...checkoutPage, writes: [PK.checkoutSession], documentKeys: true },
  },

  {
    method: 'GET',
    path: '/sandbox/customers',
    handler: 'handlers/sandbox/list-customers',
    query: ['page'],
    access: { gsi1: [GSI1.accountsOfCustomer], gsi2: [GSI2.sandboxCustomers] },
    sandboxOnly: true,
  },
  {
    method: 'POST',
    path: '/sandbox/cash-approvals',
    handler: 'handlers/sandbox/approve-cash',
    idempotency: { key: 'optional', storedBy: 'use-case', owner: 'sandbox-bank-app' },
    body: 'json',
    access: {
      reads: [PK.idempotency, PK.cashReference, PK.cashSession, PK.account, PK.loginAttempts],
      writes: [PK.idempotency, PK.cashSession, PK.account, PK.events, PK.loginAttempts],
      gsi1: [GSI1.username],
    },
    sandboxOnly: true,
  },
  {
    method: 'POST',
    path: '/sandbox/qr-payments',
    handler: 'handlers/sandbox/pay-qr',
    idempotency: { key: 'optional', storedBy: 'use-case', owner: 'sandbox-bank-app' },
    body: 'json',
    access: {
      reads: [PK.idempotency, PK.account, PK.bill, PK.loginAttempts],
      writes: [PK.idempotency, PK.account, PK.posting, PK.bill, PK.events, PK.loginAttempts, PK.dailyTotal],
      gsi1: [GSI1.username],
      gsi2: [GSI2.accountNumber],
    },
    sandboxOnly: true,
  },
  {
    method: 'POST',
    path: '/sandbox/authorisations',
    handler: 'handlers/sandbox/authorise-customer',
    body: 'json',
    // It only drives the authorization server's own pages over HTTP; it touches no item itself.
    sandboxOnly: true,
  },
];

/** The routes served in this mode. */
export function activeRoutes(sandbox: boolean): Route[] {
  return routes.filter((route) => sandbox || !route.sandboxOnly);
}

/** The route an API Gateway event was matched to (`resource` is the route's path template). */
export function routeOf(method: string, resource: string): Route | undefined {
  return routes.find((route) => route.path === resource && route.method === method);
}
