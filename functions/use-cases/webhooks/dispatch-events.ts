import type { DynamoDBRecord } from 'aws-lambda';
import { messageOf, type WebhookDelivery } from '#domain/webhooks/delivery.ts';
import { subscribes, type WebhookEndpoint } from '#domain/webhooks/endpoint.ts';
import { enqueueDeliveries } from '#queues/webhook-queue.ts';
import { storeDeliveries, unstoredDeliveries, WRITE_BATCH } from '#store/webhooks/deliveries.ts';
import { listEndpoints } from '#store/webhooks/endpoints.ts';
import { eventsOfStreamRecords } from '#store/webhooks/stream-events.ts';

/** Delivery writes of one dispatch in flight at once. */
const WRITES_IN_FLIGHT = 4;

/**
 * The dispatcher: for each event the table's stream reports, one delivery record per endpoint
 * of its client that subscribes to it, then a queue message saying "deliver it now". A stream
 * batch read twice writes nothing twice (the delivery's key is endpoint + event); a crash
 * between the record and the message is repaired by the sweeper, which reads DynamoDB.
 */
export async function dispatchStreamRecords(
  records: readonly DynamoDBRecord[],
  now = new Date(),
): Promise<number> {
  const events = eventsOfStreamRecords(records);
  const endpointsOf = new Map<string, Promise<WebhookEndpoint[]>>();
  const deliveries: WebhookDelivery[] = [];
  await Promise.all(
    events.map(async (event) => {
      if (!endpointsOf.has(event.clientId)) endpointsOf.set(event.clientId, listEndpoints(event.clientId));
      const endpoints = (await endpointsOf.get(event.clientId)!).filter((endpoint) =>
        subscribes(endpoint, event),
      );
      for (const endpoint of endpoints) {
        const delivery: WebhookDelivery = {
          endpointId: endpoint.endpointId,
          clientId: event.clientId,
          eventId: event.eventId,
          eventType: event.eventType,
          occurredAt: event.occurredAt,
          data: event.data,
          status: 'Pending',
          attempts: 0,
          roundStart: 0,
          nextAttemptAt: now.toISOString(),
          createdAt: now.toISOString(),
        };
        deliveries.push(delivery);
      }
    }),
  );
  const fresh = await unstoredDeliveries(deliveries);
  // Stored 25 a write, a few writes at a time, each write's deliveries queued as soon as it is
  // done, so the first are on their way while the rest are written (a crash between a write
  // and its queueing is repaired by the sweeper, which reads DynamoDB).
  let next = 0;
  await Promise.all(
    Array.from({ length: WRITES_IN_FLIGHT }, async () => {
      while (next < fresh.length) {
        const write = fresh.slice(next, next + WRITE_BATCH);
        next += write.length;
        await storeDeliveries(write);
        await enqueueDeliveries(write.map(messageOf));
      }
    }),
  );
  return fresh.length;
}
