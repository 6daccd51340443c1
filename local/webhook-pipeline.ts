import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBStreamEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { startFauxqs } from 'fauxqs';
import { workers } from '../functions/routing/workers.ts';
import { mainTableName } from '../functions/store/client.ts';
import { keys } from '../functions/store/keys.ts';

/** Like the dispatcher's stream trigger filter in AWS: the partition-key prefixes it is invoked for. */
const dispatcherPrefixes: readonly string[] =
  workers.find((worker) => worker.handler === 'workers/webhook-dispatcher')?.onTableChanges ?? [];

const functionsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'functions');
const load = async <T>(name: string): Promise<T> =>
  ((await import(pathToFileURL(join(functionsDir, `${name}.ts`)).href)) as { handler: T }).handler;

export interface WebhookPipelineOptions {
  /** Names this consumer's stream positions (kept in the table), so a restart resumes where it stopped. */
  consumer?: string;
  /** The queue engine's port: a restart on the same port keeps the queue URLs the platform knows. */
  queuePort?: number;
  /** How often this pipeline runs the sweeper; absent: not here (`npm start` runs it with the other scheduled workers). */
  sweepEveryMs?: number;
  /** Parallel queue readers (Lambda runs several batches at once). */
  readers?: number;
  /** Like the stream trigger's filter: which clients' events and registrations this pipeline takes (all by default). */
  acceptClient?: (clientId: string) => boolean;
  log?: (message: string) => void;
  /** Told of every worker invocation when it ends: its wall time, which Lambda bills, and its batch size. */
  onInvocation?: (invocation: WorkerInvocation) => void;
}

/** One call of a worker's handler, as Lambda would invoke it (a stream batch, a queue batch). */
export interface WorkerInvocation {
  worker: 'webhook-dispatcher' | 'webhook-delivery';
  ms: number;
  records: number;
}

export interface RunningWebhookPipeline {
  queueUrl: string;
  deadLetterQueueUrl: string;
  queuePort: number;
  /** Messages waiting on the dead-letter queue. */
  deadLetters(): Promise<number>;
  /** Worker invocations under way (a stream batch being dispatched, a queue batch being delivered). */
  invocationsRunning(): number;
  stop(): Promise<void>;
}

/**
 * Webhook delivery on one machine, running the very worker modules CDK deploys: DynamoDB
 * Local's stream (its real Streams API) read by a poller that calls the dispatcher as the
 * Lambda stream trigger would, an SQS-compatible engine (`fauxqs`) with a dead-letter queue
 * and redrive policy, queue readers calling the delivery worker as the SQS trigger would, and
 * the sweeper on its schedule. Queue URLs go to the environment the workers read.
 */
export async function startWebhookPipeline(
  options: WebhookPipelineOptions = {},
): Promise<RunningWebhookPipeline> {
  const log = options.log ?? console.error;
  const consumer = options.consumer ?? `local-${randomUUID()}`;
  const engine = await startFauxqs({ port: options.queuePort ?? 0, host: '127.0.0.1', logger: false });
  process.env.AWS_ENDPOINT_URL_SQS = engine.address;
  const sqs = new SQSClient({ endpoint: engine.address, useQueueUrlAsEndpoint: false });
  const deadLetterQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'webhook-dead-letters' })))
    .QueueUrl!;
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueUrl = (
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'webhook-deliveries',
        Attributes: {
          VisibilityTimeout: '120',
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes!.QueueArn, maxReceiveCount: 5 }),
        },
      }),
    )
  ).QueueUrl!;
  process.env.WEBHOOK_QUEUE_URL = queueUrl;
  process.env.WEBHOOK_DEAD_LETTER_QUEUE_URL = deadLetterQueueUrl;

  const dispatch = await load<(event: DynamoDBStreamEvent) => Promise<void>>('workers/webhook-dispatcher');
  const deliver = await load<(event: SQSEvent) => Promise<SQSBatchResponse>>('workers/webhook-delivery');
  // The sweeper Lambda's module; a pipeline that keeps to some clients (a test's) sweeps only
  // their deliveries, through the same use case, as its stream reader dispatches only their events.
  const sweeper = await load<() => Promise<unknown>>('workers/webhook-sweeper');
  const accept = options.acceptClient;
  const { sweepDeliveries } = (await import(
    pathToFileURL(join(functionsDir, 'use-cases/webhooks/sweep-deliveries.ts')).href
  )) as typeof import('../functions/use-cases/webhooks/sweep-deliveries.ts');
  const sweep = accept
    ? () => sweepDeliveries({ graceMs: Number(process.env.WEBHOOK_SWEEP_GRACE_MS ?? 60_000), accept })
    : sweeper;

  let stopping = false;
  let running = 0;
  /** Calls a worker's handler as its trigger would, and tells `onInvocation` how long it took. */
  const invoke = async <T>(worker: WorkerInvocation['worker'], records: number, call: () => Promise<T>) => {
    running++;
    const started = performance.now();
    try {
      return await call();
    } finally {
      running--;
      options.onInvocation?.({ worker, ms: performance.now() - started, records });
    }
  };
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const loops: Promise<void>[] = [];
  const forever = (name: string, step: () => Promise<void>, idleMs: number) =>
    loops.push(
      (async () => {
        while (!stopping) {
          try {
            await step();
          } catch (error) {
            if (!stopping) log(`webhooks: ${name} failed: ${(error as Error).message}`);
            await pause(idleMs);
          }
        }
      })(),
    );

  // Queue readers: the SQS trigger's behaviour (a batch, then delete all but the failures).
  for (let reader = 0; reader < (options.readers ?? 4); reader++) {
    forever(
      'delivery',
      async () => {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        if (Messages.length === 0 || stopping) return;
        const result = await invoke('webhook-delivery', Messages.length, () =>
          deliver({
            Records: Messages.map((message) => ({
              messageId: message.MessageId!,
              receiptHandle: message.ReceiptHandle!,
              body: message.Body!,
            })),
          } as SQSEvent),
        );
        const failed = new Set(result.batchItemFailures.map((failure) => failure.itemIdentifier));
        const done = Messages.filter((message) => !failed.has(message.MessageId!));
        if (done.length > 0) {
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl: queueUrl,
              Entries: done.map((message, index) => ({
                Id: String(index),
                ReceiptHandle: message.ReceiptHandle!,
              })),
            }),
          );
        }
      },
      200,
    );
  }

  const stream = await streamReader(consumer, options.acceptClient);
  // Records read but not yet dispatched: a failed dispatch is retried with the same batch, as Lambda retries a stream batch.
  let batch: _Record[] = [];
  forever(
    'stream',
    async () => {
      if (batch.length === 0) batch = await stream.read();
      if (batch.length > 0) {
        const records = batch;
        await invoke('webhook-dispatcher', records.length, () =>
          dispatch({ Records: records } as unknown as DynamoDBStreamEvent),
        );
      }
      const idle = batch.length === 0;
      batch = [];
      await stream.commit();
      if (idle) await pause(100);
    },
    500,
  );

  const sweeping =
    options.sweepEveryMs === undefined
      ? undefined
      : setInterval(() => {
          if (!stopping) sweep().catch((error: Error) => log(`webhooks: sweep failed: ${error.message}`));
        }, options.sweepEveryMs);

  return {
    queueUrl,
    deadLetterQueueUrl,
    queuePort: engine.port,
    invocationsRunning: () => running,
    async deadLetters() {
      const { Attributes: counts } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: deadLetterQueueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        Number(counts?.ApproximateNumberOfMessages ?? 0) +
        Number(counts?.ApproximateNumberOfMessagesNotVisible ?? 0)
      );
    },
    async stop() {
      stopping = true;
      clearInterval(sweeping);
      await Promise.all(loops);
      sqs.destroy();
      stream.close();
      await engine.stop();
    },
  };
}

/**
 * Reads the table's stream shard by shard, as Lambda's event source mapping does, keeping
 * each shard's position in the table so a restart resumes there. The first start of a
 * consumer begins at the latest record; shards met later (DynamoDB rolls them) from their start.
 * Its own clients, not the workers' shared one: the positions are this stand-in's bookkeeping
 * (Lambda keeps them itself), so a capture of the workers' DynamoDB work must not see them.
 */
async function streamReader(consumer: string, acceptClient?: (clientId: string) => boolean) {
  const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
  const dynamo = new DynamoDBClient({ endpoint });
  const documents = DynamoDBDocumentClient.from(dynamo);
  const streams = new DynamoDBStreamsClient({ endpoint });
  const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: mainTableName() }));
  const streamArn = Table!.LatestStreamArn!;
  const positions = new Map<string, string>();
  const iterators = new Map<string, string>();
  const finished = new Set<string>();
  const pending = new Map<string, string>();
  let firstStart: boolean | undefined;

  const position = async (shardId: string) =>
    (
      await documents.send(
        new GetCommand({
          TableName: mainTableName(),
          Key: keys.streamPosition(consumer, shardId),
          ConsistentRead: true,
        }),
      )
    ).Item?.sequenceNumber as string | undefined;

  async function shards(): Promise<Shard[]> {
    const all: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await streams.send(
        new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId: start }),
      );
      all.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return all;
  }

  async function open(shard: Shard, initial: boolean) {
    const id = shard.ShardId!;
    const after = positions.get(id) ?? (await position(id));
    const type = after ? 'AFTER_SEQUENCE_NUMBER' : initial && firstStart ? 'LATEST' : 'TRIM_HORIZON';
    const { ShardIterator } = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: id,
        ShardIteratorType: type,
        ...(after ? { SequenceNumber: after } : {}),
      }),
    );
    if (ShardIterator) iterators.set(id, ShardIterator);
    else finished.add(id);
  }

  async function discover(initial: boolean) {
    const known = await shards();
    if (firstStart === undefined) {
      firstStart = (await Promise.all(known.map((shard) => position(shard.ShardId!)))).every((p) => !p);
    }
    for (const shard of known) {
      const id = shard.ShardId!;
      if (!iterators.has(id) && !finished.has(id)) await open(shard, initial);
    }
  }
  await discover(true);
  let reads = 0;

  return {
    /** The next records of every open shard the dispatcher takes (events, registrations), of accepted clients only. */
    async read(): Promise<_Record[]> {
      if (++reads % 20 === 0) await discover(false);
      const records: _Record[] = [];
      for (const [id, iterator] of [...iterators]) {
        const result = await streams
          .send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }))
          .catch(async (error: Error) => {
            if (error.name !== 'ExpiredIteratorException') throw error;
            await open({ ShardId: id }, false);
            return undefined;
          });
        if (!result) continue;
        const batch = result.Records ?? [];
        const last = batch.at(-1)?.dynamodb?.SequenceNumber;
        if (last) pending.set(id, last);
        if (result.NextShardIterator) iterators.set(id, result.NextShardIterator);
        else {
          iterators.delete(id);
          finished.add(id);
        }
        records.push(
          ...batch.filter((record) => {
            const pk = record.dynamodb?.Keys?.pk?.S ?? '';
            const prefix = dispatcherPrefixes.find((candidate) => pk.startsWith(candidate));
            return prefix !== undefined && (!acceptClient || acceptClient(pk.slice(prefix.length)));
          }),
        );
      }
      return records;
    },
    /** Keeps the positions of what was read and dispatched. */
    async commit() {
      for (const [id, sequenceNumber] of pending) {
        positions.set(id, sequenceNumber);
        await documents.send(
          new PutCommand({
            TableName: mainTableName(),
            Item: { ...keys.streamPosition(consumer, id), type: 'StreamPosition', sequenceNumber },
          }),
        );
      }
      pending.clear();
    },
    close() {
      dynamo.destroy();
      streams.destroy();
    },
  };
}
