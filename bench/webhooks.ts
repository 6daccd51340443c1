import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';
import { dynamo } from '../functions/store/client.ts';
import { publishEvent } from '../functions/store/events.ts';
import { registerEndpoint } from '../functions/use-cases/webhooks/endpoints.ts';
import { startWebhookPipeline } from '../local/webhook-pipeline.ts';
import { DynamoCapture, workPer } from './capture.ts';
import { floorRow, inTurn } from './harness.ts';
import { type BenchRow, percentile, round } from './report.ts';
import type { Work } from './work.ts';

/** Events whose delivery's DynamoDB work is captured, untimed. */
const CAPTURED_EVENTS = 20;

/**
 * Webhook delivery. Ours: events committed through the outbox, read from DynamoDB Local's
 * stream, dispatched to a delivery record each, queued on fauxqs and posted, signed, by the
 * delivery worker, which records every attempt in DynamoDB. Baseline: a bare loop of signed
 * `fetch` POSTs of the same bodies to the same loopback receiver, with the same parallelism:
 * the floor of signing and HTTP alone, with no durability at all. Rounds interleave the two,
 * the side that goes first alternating.
 * Also the time from commit (the event's `occurredAt`) to its arrival, p50 and p99.
 */
export async function benchWebhooks(options: { events?: number; rounds?: number } = {}): Promise<BenchRow[]> {
  const events = options.events ?? Number(process.env.BENCH_WEBHOOK_EVENTS ?? 300);
  const rounds = Math.max(3, options.rounds ?? 3);
  const arrived = new Map<string, number>();
  let waiting: { count: number; resolve: () => void } | undefined;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrived.set(String(req.headers['webhook-id']), Date.now());
      res.writeHead(200).end();
      if (waiting && arrived.size >= waiting.count) waiting.resolve();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  const clientId = `bench-webhooks-${randomUUID()}`;
  const endpoint = await registerEndpoint(clientId, { url, events: ['payment.status_changed'] });
  // The worker invocations of the untimed round below, as Lambda bills them: each one's wall time
  // and one request. That round's 20 events meet no other load, as an API request's p50 is taken
  // at one in flight; the timed rounds' invocations would mostly measure waiting for the 2 cores.
  const invoked = { count: 0, ms: 0, counting: false };
  const pipeline = await startWebhookPipeline({
    acceptClient: (id) => id === clientId,
    readers: 20, // as many batches in flight as the CDK mapping's maxConcurrency
    log: () => {},
    onInvocation: ({ ms }) => {
      if (!invoked.counting) return;
      invoked.count++;
      invoked.ms += ms;
    },
  });
  const allArrived = (count: number) =>
    new Promise<void>((resolve) => {
      if (arrived.size >= count) resolve();
      else waiting = { count, resolve };
    });
  const parallel = 40;
  const ours: number[] = [];
  const bare: number[] = [];
  const latencies: number[] = [];
  let deliveryWork: Work | undefined;
  try {
    for (let round = 0; round < rounds; round++) {
      // Ours: commit the events, wait until every one has arrived.
      const timeOurs = async () => {
        arrived.clear();
        const started = performance.now();
        const committed = new Map<string, number>();
        for (let start = 0; start < events; start += parallel) {
          const batch = await Promise.all(
            Array.from({ length: Math.min(parallel, events - start) }, (_, i) =>
              publishEvent({
                clientId,
                type: 'payment.status_changed',
                resourceId: `dp-bench-${round}-${start + i}`,
                sequence: 1,
                data: {
                  DomesticPaymentId: `dp-bench-${round}-${start + i}`,
                  Status: 'AcceptedSettlementCompleted',
                },
              }),
            ),
          );
          for (const event of batch) committed.set(event.eventId, Date.parse(event.occurredAt));
        }
        await allArrived(events);
        ours.push(events / ((performance.now() - started) / 1000));
        for (const [id, at] of committed) latencies.push(arrived.get(id)! - at);
      };

      // The floor: the same number of signed POSTs, `parallel` at a time.
      const timeFloor = async () => {
        arrived.clear();
        const signer = new Webhook(endpoint.secrets[0]!.secret);
        const started = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: parallel }, async () => {
            while (next < events) {
              const index = next++;
              const id = `evt_bare${round}x${index}`;
              const body = JSON.stringify({
                type: 'payment.status_changed',
                timestamp: new Date().toISOString(),
                data: { DomesticPaymentId: `dp-bare-${index}`, Status: 'AcceptedSettlementCompleted' },
              });
              const now = new Date();
              const response = await fetch(url, {
                method: 'POST',
                redirect: 'manual',
                headers: {
                  'content-type': 'application/json',
                  'webhook-id': id,
                  'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
                  'webhook-signature': signer.sign(id, now, body),
                },
                body,
              });
              await response.arrayBuffer();
            }
          }),
        );
        bare.push(events / ((performance.now() - started) / 1000));
      };
      await inTurn(round, timeOurs, timeFloor);
    }
    // Invocations end after their deliveries arrive (each records its attempt): the last round's
    // are left out, then the untimed round's are counted, to the end of its last one.
    const quiet = async () => {
      while (pipeline.invocationsRunning() > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await quiet();
    invoked.counting = true;
    // Untimed: the DynamoDB work of a delivery (outbox event, dispatch, delivery record, every
    // attempt recorded), captured over a round of its own on the in-process pipeline's client.
    arrived.clear();
    const capture = new DynamoCapture(dynamo);
    try {
      const { captured } = await capture.capture(async () => {
        await Promise.all(
          Array.from({ length: CAPTURED_EVENTS }, (_, i) =>
            publishEvent({
              clientId,
              type: 'payment.status_changed',
              resourceId: `dp-bench-work-${i}`,
              sequence: 1,
              data: { DomesticPaymentId: `dp-bench-work-${i}`, Status: 'AcceptedSettlementCompleted' },
            }),
          ),
        );
        await allArrived(CAPTURED_EVENTS);
        // Each delivery records its attempt after the receiver answered: those writes are its work too.
        await quiet();
      });
      if (captured.calls.length > 0) deliveryWork = workPer(captured, CAPTURED_EVENTS);
    } finally {
      capture.remove();
      invoked.counting = false;
    }
  } finally {
    await pipeline.stop();
    receiver.close();
  }
  return [
    floorRow(
      'deliveries/s (stream → queue → signed POST, recorded) beside a bare signed fetch loop',
      { ours, baseline: bare },
      'deliveries/s',
      'no outbox, stream, dispatch, queue or delivery records: signing and HTTP alone',
      `${events} events × ${rounds} interleaved rounds, ${parallel} in flight on both sides`,
    ),
    ...(deliveryWork
      ? [
          {
            // bench/capacity.ts costs a webhook delivery from this row (`webhooks: delivery`).
            name: 'webhooks: delivery, DynamoDB work and Lambda time per delivery (dispatcher + delivery worker)',
            value: round(invoked.ms / CAPTURED_EVENTS, 2),
            unit: 'ms',
            invocations: round(invoked.count / CAPTURED_EVENTS, 3),
            work: deliveryWork,
            note: `over ${CAPTURED_EVENTS} untimed events with no other load: Lambda time, the dispatcher's and the delivery worker's invocations (each one's wall time, as Lambda bills it, DynamoDB Local included: an upper bound; ${invoked.count} invocations, batched as the stream and queue triggers batch); DynamoDB work per delivery (outbox put, dispatch, delivery record, attempt); round trips are the capture's chain per event`,
          },
        ]
      : []),
    { name: 'commit → delivery p50', value: round(percentile(latencies, 50)), unit: 'ms' },
    { name: 'commit → delivery p99', value: round(percentile(latencies, 99)), unit: 'ms' },
  ];
}
