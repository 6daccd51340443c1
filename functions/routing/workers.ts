import { GSI1, GSI2, oidcModelPrefix, PK, type TablePrefix } from '#store/keys.ts';
import type { QueueName, RouteAccess } from './routes.ts';

/** A Lambda that no route invokes (stream consumers, schedules, queues); the stack wires their triggers. */
export interface WorkerDefinition {
  /** Module under `functions/`, without extension, exporting `handler`. */
  handler: string;
  access?: RouteAccess;
  /** Seconds; workers may need longer than an API call. */
  timeoutSeconds?: number;
  memoryMiB?: number;
  /** Runs on a schedule every this many minutes (EventBridge). */
  everyMinutes?: number;
  /** Runs on the table's changes (its stream) to items whose partition key starts with one of these. */
  onTableChanges?: readonly TablePrefix[];
  /** Invoked by this queue's messages (SQS event source, partial batch failures). */
  onQueue?: QueueName;
  /** API Gateway's Lambda authorizer: invoked synchronously, before the routes that take a token. */
  apiAuthorizer?: boolean;
}

/**
 * Lambdas that no HTTP route invokes (settlement, webhook delivery, …). Each entry gets
 * the same bundling, logging and least-privilege grants as an API handler; the stack
 * wires its trigger.
 */
export const workers: WorkerDefinition[] = [
  // Moves interbank payments through the simulated NAPAS 247 leg: completed, or rejected with funds returned.
  {
    handler: 'workers/settlement',
    access: {
      reads: [PK.payment, PK.account, PK.posting, PK.dailyTotal],
      writes: [PK.payment, PK.account, PK.posting, PK.events, PK.dailyTotal, PK.opsException],
      gsi1: [GSI1.paymentsInProcess],
    },
    timeoutSeconds: 60,
    everyMinutes: 1,
  },
  // Releases holds of cash sessions whose terminal never reported, expires unscanned codes.
  {
    handler: 'workers/cash-sweeper',
    access: {
      reads: [PK.cashSession, PK.account],
      writes: [PK.cashSession, PK.account, PK.events],
      gsi1: [GSI1.cashOpen],
    },
    timeoutSeconds: 60,
    everyMinutes: 1,
  },
  // Records consents past their expiry as Expired and emits `consent.expired` (events catalogue).
  {
    handler: 'workers/consent-expiry',
    access: {
      reads: [PK.consentExpiry, PK.consent],
      writes: [PK.consent, PK.consentExpiry, PK.events],
      gsi1: [GSI1.consentsDue],
    },
    timeoutSeconds: 60,
    everyMinutes: 1,
  },
  // Bills (issue 13): stores overdue unpaid bills Expired (bill.expired), books refunds a crash left pending.
  {
    handler: 'workers/bill-sweeper',
    access: {
      reads: [PK.bill, PK.account],
      writes: [PK.bill, PK.account, PK.posting, PK.events],
      gsi1: [GSI1.pendingBillRefunds],
      gsi2: [GSI2.billsDue],
    },
    timeoutSeconds: 60,
    everyMinutes: 1,
  },
  // Creates the bills of accepted batches (POST /v1/bill-batches), item by item, resumable.
  {
    handler: 'workers/bill-batches',
    access: {
      reads: [PK.billBatch, PK.partner, PK.bill, PK.billReference],
      writes: [PK.billBatch, PK.bill, PK.billReference],
      gsi1: [GSI1.pendingBillBatches],
    },
    timeoutSeconds: 300,
    everyMinutes: 1,
    onTableChanges: [PK.billBatch],
  },
  // Names the client of each request that carries an access token, so that API Gateway counts
  // it in that client's usage plan (rate, burst, daily quota) before any handler runs.
  { handler: 'handlers/oauth/usage-authorizer', apiAuthorizer: true },
  // Webhooks: the stream's new events become one delivery per subscribed endpoint, queued.
  // Bills (issue 13): in sandbox, a newly registered city partner's collection account (partner
  // and account items only, each a put conditioned on its absence).
  {
    handler: 'workers/webhook-dispatcher',
    access: {
      reads: [PK.webhookEndpoints, PK.webhookDeliveries, PK.partner, PK.account],
      writes: [PK.webhookDeliveries, PK.partner, PK.account],
      queues: ['webhookDeliveries'],
    },
    onTableChanges: [PK.events, oidcModelPrefix('Client')],
    timeoutSeconds: 60,
  },
  // Webhooks: posts one queued delivery, records the attempt, schedules the retry or dead-letters it.
  {
    handler: 'workers/webhook-delivery',
    access: {
      reads: [PK.webhookEndpoints, PK.webhookDeliveries],
      writes: [PK.webhookEndpoints, PK.webhookDeliveries, PK.webhookAttempts, PK.events],
      queues: ['webhookDeliveries', 'webhookDeadLetters'],
      webhookSigningKeys: true,
      opensWebhookSecrets: true,
    },
    onQueue: 'webhookDeliveries',
    // The receiver's 15 s timeout, for each message of a batch at once, and the bookkeeping around it.
    timeoutSeconds: 60,
  },
  // Webhooks: puts back on the queue the pending deliveries it lost (DynamoDB is the truth).
  {
    handler: 'workers/webhook-sweeper',
    access: { writes: [PK.webhookDeliveries], gsi1: [GSI1.webhooksDue], queues: ['webhookDeliveries'] },
    timeoutSeconds: 60,
    everyMinutes: 1,
  },
  // Keeps each registered client's API key in the usage plan with its limits (AWS only: the
  // local gateway reads the operator's limits itself).
  {
    handler: 'workers/usage-plans',
    access: { usagePlans: true },
    onTableChanges: [oidcModelPrefix('Client'), PK.clientLimits],
    timeoutSeconds: 60,
  },
];
