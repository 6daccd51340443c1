import {
  type AttemptOutcome,
  type DeliveryAttempt,
  type DeliveryMessage,
  DISABLE_AFTER_MS,
  messageOf,
  nextDelayMs,
  outcomeOf,
  type RetrySchedule,
  scheduleFrom,
  type WebhookDelivery,
  webhookBody,
} from '#domain/webhooks/delivery.ts';
import { signingSecrets, type WebhookEndpoint } from '#domain/webhooks/endpoint.ts';
import { deadLetterDelivery, enqueueDelivery, MAX_QUEUE_DELAY_MS } from '#queues/webhook-queue.ts';
import { openSecret } from '#runtime/webhook-secret-sealing.ts';
import { webhookSigningKeys } from '#runtime/webhook-signing-keys.ts';
import {
  type AfterAttempt,
  claimAttempt,
  recordAfterAttempt,
  storeAttempts,
  WRITE_BATCH,
} from '#store/webhooks/deliveries.ts';
import { disableEndpoint, getEndpoint, recordEndpointHealth } from '#store/webhooks/endpoints.ts';
import { ForbiddenDestination, resolveDestination } from './destination.ts';
import { postWebhook } from './post-webhook.ts';

/** How deliveries behave; read once from the environment (tests set a fast schedule). */
export interface DeliveryConfig {
  schedule: RetrySchedule;
  /** Give up on an answer after this long (Standard Webhooks: 15–30 s). */
  timeoutMs: number;
  /** Disable an endpoint failing this long without a success. */
  disableAfterMs: number;
}

/** `WEBHOOK_RETRY_DELAYS_MS`, `WEBHOOK_TIMEOUT_MS`, `WEBHOOK_DISABLE_AFTER_MS`; Svix's defaults otherwise. */
export function deliveryConfigFrom(env: Record<string, string | undefined>): DeliveryConfig {
  return {
    schedule: scheduleFrom(env.WEBHOOK_RETRY_DELAYS_MS),
    timeoutMs: Number(env.WEBHOOK_TIMEOUT_MS ?? 15_000),
    disableAfterMs: Number(env.WEBHOOK_DISABLE_AFTER_MS ?? DISABLE_AFTER_MS),
  };
}

/** An attempt lost mid-way (a crash) becomes due again this long after its answer was due. */
const LEASE_MARGIN_MS = 30_000;
/** A message that arrives this early waits for its time rather than going back on the queue. */
const WAIT_IN_PLACE_MS = 1_000;

/** Until when a claimed attempt counts as in flight. */
const leaseFrom = (now: Date, config: DeliveryConfig) =>
  new Date(now.getTime() + config.timeoutMs + LEASE_MARGIN_MS);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the messages of one queue batch share: a batch mostly goes to one endpoint, so each
 * endpoint is read once per batch (strongly consistent, as it is when the batch starts); its
 * health is written at most once per change within the batch (its updates run one after
 * another, each on the state the last one left), not once per message; and the batch's attempt
 * records are written together, once every message has made its attempt or given up on it.
 */
export class DeliveryBatch {
  private readonly endpoints = new Map<string, Promise<WebhookEndpoint | undefined>>();
  private readonly health = new Map<string, Promise<WebhookEndpoint>>();
  private attempts: { attempt: DeliveryAttempt; done: (error?: unknown) => void }[] = [];
  private settled = 0;

  /** @param size the messages in the batch, each of which either stores an attempt or skips. */
  constructor(private readonly size = 1) {}

  /** Stores the attempt's record with the batch's others; resolves once it is written. */
  storeAttempt(attempt: DeliveryAttempt): Promise<void> {
    const stored = new Promise<void>((resolve, reject) => {
      this.attempts.push({ attempt, done: (error) => (error ? reject(error) : resolve()) });
    });
    this.settle();
    return stored;
  }

  /** This message of the batch made no attempt (not its turn, or it failed before one). */
  skip(): void {
    this.settle();
  }

  private settle() {
    this.settled++;
    if (this.settled < this.size && this.attempts.length < WRITE_BATCH) return;
    const waiting = this.attempts.splice(0);
    if (waiting.length === 0) return;
    storeAttempts(waiting.map((entry) => entry.attempt)).then(
      () => {
        for (const entry of waiting) entry.done();
      },
      (error: unknown) => {
        for (const entry of waiting) entry.done(error ?? new Error('attempt records not stored'));
      },
    );
  }

  endpoint(clientId: string, endpointId: string): Promise<WebhookEndpoint | undefined> {
    const key = `${clientId}#${endpointId}`;
    let read = this.endpoints.get(key);
    if (!read) {
      read = getEndpoint(clientId, endpointId);
      read.catch(() => {}); // awaited by a claimed message; a batch of refused claims never reads it
      this.endpoints.set(key, read);
    }
    return read;
  }

  /** Runs `change` on the endpoint's latest state in this batch, after the changes before it. */
  changeHealth(
    endpoint: WebhookEndpoint,
    change: (current: WebhookEndpoint) => Promise<WebhookEndpoint>,
  ): Promise<WebhookEndpoint> {
    const previous = this.health.get(endpoint.endpointId) ?? Promise.resolve(endpoint);
    const next = previous.catch(() => endpoint).then(change);
    this.health.set(endpoint.endpointId, next);
    return next;
  }
}

/**
 * The delivery worker's job for one queue message: claim the attempt the message names (so a
 * duplicate message sends nothing), post the signed event, record the attempt and what comes
 * next in DynamoDB, then schedule the retry, disable the endpoint, or dead-letter the delivery.
 */
export async function deliverWebhook(
  message: DeliveryMessage,
  config: DeliveryConfig,
  batch: DeliveryBatch = new DeliveryBatch(),
): Promise<void> {
  const attempted = { stored: undefined as Promise<void> | undefined };
  try {
    await attemptOnce(message, config, batch, attempted);
  } finally {
    if (!attempted.stored) batch.skip();
  }
  await attempted.stored;
}

async function attemptOnce(
  message: DeliveryMessage,
  config: DeliveryConfig,
  batch: DeliveryBatch,
  attempted: { stored: Promise<void> | undefined },
): Promise<void> {
  // The claim comes first (one conditional write, no read before it): on the hot path a
  // message is due and current, and a refused claim says why, with the delivery as it stands.
  // The endpoint is read meanwhile, once for the whole batch.
  const endpointRead = batch.endpoint(message.clientId, message.endpointId);
  let now = new Date();
  let claim = await claimAttempt(message, now, leaseFrom(now, config));
  if (!claim.claimed) {
    const current = claim.current;
    if (current?.status !== 'Pending' || current.attempts !== message.attempts) return;
    const dueIn = Date.parse(current.nextAttemptAt!) - Date.now();
    if (dueIn > WAIT_IN_PLACE_MS) {
      // Early (a sweep, or a wait longer than SQS can delay): back on the queue, or left to the sweeper.
      if (dueIn <= MAX_QUEUE_DELAY_MS) await enqueueDelivery(message, dueIn);
      return;
    }
    if (dueIn > 0) await sleep(dueIn);
    now = new Date();
    claim = await claimAttempt(message, now, leaseFrom(now, config));
    if (!claim.claimed) return;
  }
  const claimed = claim.claimed;
  const endpoint = await endpointRead;
  const { outcome, attempt } = await attemptDelivery(claimed, endpoint, now, config);
  const failed = claimed.attempts - claimed.roundStart;
  const delay =
    outcome.kind === 'Failed' || outcome.kind === 'Throttled'
      ? nextDelayMs(config.schedule, failed, outcome.retryAfterMs)
      : undefined;
  const next: AfterAttempt =
    outcome.kind === 'Delivered'
      ? { status: 'Delivered' }
      : delay === undefined || !endpoint || endpoint.disabled
        ? { status: 'Failed' }
        : { status: 'Pending', nextAttemptAt: new Date(now.getTime() + delay).toISOString() };
  attempted.stored = batch.storeAttempt(attempt);
  attempted.stored.catch(() => {}); // awaited by deliverWebhook once the rest is done
  await recordAfterAttempt(claimed, attempt, next);
  if (endpoint) await updateEndpointHealth(batch, endpoint, outcome, now, config);
  if (next.status === 'Pending' && delay! <= MAX_QUEUE_DELAY_MS) {
    await enqueueDelivery(messageOf(claimed), delay);
  } else if (next.status === 'Failed') {
    await deadLetterDelivery({
      ...messageOf(claimed),
      reason: attempt.error ?? `HTTP ${attempt.statusCode}`,
    });
  }
}

/** One HTTP attempt, after re-checking where the endpoint's URL resolves now. */
async function attemptDelivery(
  delivery: WebhookDelivery,
  endpoint: WebhookEndpoint | undefined,
  now: Date,
  config: DeliveryConfig,
): Promise<{ outcome: AttemptOutcome; attempt: DeliveryAttempt }> {
  const base = {
    endpointId: delivery.endpointId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    attempt: delivery.attempts,
    attemptedAt: now.toISOString(),
  };
  const refused = (error: string) => ({
    outcome: { kind: 'Failed' } as const,
    attempt: { ...base, outcome: 'Failed' as const, responseMs: 0, error },
  });
  if (!endpoint) return refused('the endpoint was deleted');
  if (endpoint.disabled)
    return refused(`the endpoint is disabled (${endpoint.disabledReason ?? 'Requested'})`);
  let destination: Awaited<ReturnType<typeof resolveDestination>>;
  try {
    destination = await resolveDestination(endpoint.url);
  } catch (error) {
    if (error instanceof ForbiddenDestination) return refused(`not sent: ${error.message}`);
    throw error;
  }
  const result = await postWebhook(
    destination,
    {
      id: delivery.eventId,
      body: webhookBody(delivery),
      secrets: await Promise.all(
        signingSecrets(endpoint, now).map((sealed) => openSecret(sealed, endpoint.endpointId)),
      ),
      asymmetric: (await webhookSigningKeys()).signing.privateKey,
      now,
    },
    config.timeoutMs,
  );
  if ('error' in result) {
    return {
      outcome: { kind: 'Failed' },
      attempt: { ...base, outcome: 'Failed', responseMs: result.responseMs, error: result.error },
    };
  }
  const outcome = outcomeOf(result.status, result.retryAfter, now);
  return {
    outcome,
    attempt: { ...base, outcome: outcome.kind, statusCode: result.status, responseMs: result.responseMs },
  };
}

/**
 * A success clears the endpoint's failure record; a 410 disables it; failing without a
 * success for `disableAfterMs` disables it and tells its owner with a `webhook_endpoint.disabled` event.
 */
async function updateEndpointHealth(
  batch: DeliveryBatch,
  endpoint: WebhookEndpoint,
  outcome: AttemptOutcome,
  now: Date,
  config: DeliveryConfig,
): Promise<void> {
  if (outcome.kind === 'Gone') {
    await disableEndpoint(endpoint, 'Gone', now.toISOString());
    return;
  }
  const ok = outcome.kind === 'Delivered';
  // A success clears a failure record once it is a little old (a hundredth of the disable
  // window, at most a minute): an endpoint failing now and then is not rewritten at every
  // change of mind; the disable rule may act that little early at most.
  const settleMs = Math.min(60_000, config.disableAfterMs / 100);
  const current = await batch.changeHealth(endpoint, async (latest) => {
    const failing = latest.failingSince;
    if (ok ? !failing || now.getTime() - Date.parse(failing) < settleMs : failing) return latest;
    const recorded = await recordEndpointHealth(latest, ok ? { ok } : { ok, at: now.toISOString() });
    return recorded ?? latest;
  });
  if (ok || !current.failingSince || now.getTime() - Date.parse(current.failingSince) < config.disableAfterMs)
    return;
  await disableEndpoint(endpoint, 'Failing', now.toISOString(), {
    clientId: endpoint.clientId,
    type: 'webhook_endpoint.disabled',
    resourceId: endpoint.endpointId,
    // An endpoint keeps no status history; its disable times only grow, so they order its events.
    sequence: now.getTime(),
    occurredAt: now,
    data: {
      WebhookEndpointId: endpoint.endpointId,
      Url: endpoint.url,
      DisabledReason: 'Failing',
      FailingSince: current.failingSince,
    },
  });
}
