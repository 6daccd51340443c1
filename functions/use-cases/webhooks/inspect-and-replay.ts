import { randomUUID } from 'node:crypto';
import { conflict, invalid } from '#domain/errors.ts';
import { type DeliveryAttempt, messageOf, type WebhookDelivery } from '#domain/webhooks/delivery.ts';
import type { ReplayRequest } from '#domain/webhooks/endpoint.ts';
import { enqueueDelivery } from '#queues/webhook-queue.ts';
import {
  deliveriesSince,
  insertDelivery,
  listAttempts,
  restartDelivery,
} from '#store/webhooks/deliveries.ts';
import { getOwnEndpoint } from './endpoints.ts';

// The sort key of an attempt: its ISO time (as toISOString writes it), event and attempt number.
const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#evt_[0-9A-Za-z]{1,64}#\d{3}$/;

/** A page of the endpoint's attempts, newest first, for its owner only; `page` is the previous page's cursor. */
export async function listEndpointAttempts(
  clientId: string,
  endpointId: string,
  options: { pageSize: number; page?: string },
): Promise<{ attempts: DeliveryAttempt[]; next?: string }> {
  await getOwnEndpoint(clientId, endpointId);
  let after: string | undefined;
  if (options.page !== undefined) {
    after = Buffer.from(options.page, 'base64url').toString('utf8');
    if (!CURSOR.test(after)) {
      throw invalid(
        'VN.OB.Paging.InvalidCursor',
        'page is not a cursor this list returned; follow Links.Next.',
        {
          path: 'page',
        },
      );
    }
  }
  const page = await listAttempts(endpointId, { limit: options.pageSize, ...(after ? { after } : {}) });
  return {
    attempts: page.attempts,
    ...(page.next ? { next: Buffer.from(page.next).toString('base64url') } : {}),
  };
}

/**
 * Sends again the endpoint's failed deliveries (or all finished ones) of events since a time:
 * each starts a new round with the full retry schedule, under its original `webhook-id`.
 */
export async function replayDeliveries(
  clientId: string,
  endpointId: string,
  request: ReplayRequest,
  now = new Date(),
): Promise<number> {
  const endpoint = await getOwnEndpoint(clientId, endpointId);
  refuseDisabled(endpoint);
  const wanted = (delivery: WebhookDelivery) =>
    delivery.status === 'Failed' || (request.include === 'All' && delivery.status === 'Delivered');
  let replayed = 0;
  for await (const page of deliveriesSince(endpointId, request.since)) {
    const restarted = await Promise.all(
      page.filter(wanted).map((delivery) => restartDelivery(delivery, now)),
    );
    for (const delivery of restarted) {
      if (!delivery) continue;
      await enqueueDelivery(messageOf(delivery));
      replayed++;
    }
  }
  return replayed;
}

/** Sandbox: a signed `webhook_endpoint.test` event to the endpoint, delivered like any other. */
export async function sendTestEvent(clientId: string, endpointId: string, now = new Date()): Promise<string> {
  const endpoint = await getOwnEndpoint(clientId, endpointId);
  refuseDisabled(endpoint);
  const at = now.toISOString();
  const delivery: WebhookDelivery = {
    endpointId: endpoint.endpointId,
    clientId,
    eventId: `evt_test${randomUUID().replaceAll('-', '')}`,
    eventType: 'webhook_endpoint.test',
    occurredAt: at,
    data: { WebhookEndpointId: endpoint.endpointId, Message: 'A test event from the sandbox.' },
    status: 'Pending',
    attempts: 0,
    roundStart: 0,
    nextAttemptAt: at,
    createdAt: at,
  };
  await insertDelivery(delivery);
  await enqueueDelivery(messageOf(delivery));
  return delivery.eventId;
}

/** A disabled endpoint is sent nothing: a replay or a test event is refused (409), not queued to fail. */
function refuseDisabled(endpoint: { disabled: boolean }): void {
  if (endpoint.disabled) {
    throw conflict(
      'UK.OBIE.Field.Invalid',
      'The endpoint is disabled: enable it (PATCH Disabled: false) first.',
    );
  }
}
