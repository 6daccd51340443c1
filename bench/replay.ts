/**
 * A baseline that does the same work as ours by construction: the DynamoDB calls one of our
 * requests made (bench/capture.ts), replayed raw through a bare client, level by level (calls
 * that ran in parallel run in parallel, calls that waited wait), with the same items, the same
 * conditions and the same number of round trips.
 *
 * Replaying writes twice would fail their conditions (a DPoP jti, an idempotency key, a consent
 * already consumed), so each replay `n` writes to its own copies of the written items: their
 * partition key gets a suffix, and `seed(n)` first puts each copy in the state the original had
 * before our request (its captured pre-image). Reads replay as captured, on the original items.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactGetItemsCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type Captured, type CapturedCall, writeTargets } from './capture.ts';

type Item = Record<string, AttributeValue>;
type Input = Record<string, unknown>;

// biome-ignore lint/suspicious/noExplicitAny: commands are built from captured inputs of their own operation
const COMMANDS: Record<string, new (input: any) => any> = {
  GetItem: GetItemCommand,
  BatchGetItem: BatchGetItemCommand,
  TransactGetItems: TransactGetItemsCommand,
  Query: QueryCommand,
  PutItem: PutItemCommand,
  UpdateItem: UpdateItemCommand,
  DeleteItem: DeleteItemCommand,
  BatchWriteItem: BatchWriteItemCommand,
  TransactWriteItems: TransactWriteItemsCommand,
};

/** The item or key with its partition key moved to replay `tag`'s copy. */
function retag<T extends Item>(item: T, tag: string): T {
  return { ...item, pk: { S: `${item.pk!.S}~${tag}` } };
}

/** The call's input with every written item (and conditioned key) moved to replay `tag`'s copies. */
function retagWrites(operation: string, input: Input, tag: string): Input {
  const copy = structuredClone(input);
  switch (operation) {
    case 'PutItem':
      copy.Item = retag(copy.Item as Item, tag);
      break;
    case 'UpdateItem':
    case 'DeleteItem':
      copy.Key = retag(copy.Key as Item, tag);
      break;
    case 'BatchWriteItem':
      for (const requests of Object.values(
        copy.RequestItems as Record<
          string,
          Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>
        >,
      )) {
        for (const request of requests) {
          if (request.PutRequest) request.PutRequest.Item = retag(request.PutRequest.Item, tag);
          if (request.DeleteRequest) request.DeleteRequest.Key = retag(request.DeleteRequest.Key, tag);
        }
      }
      break;
    case 'TransactWriteItems':
      for (const entry of copy.TransactItems as Array<Record<string, { Key?: Item; Item?: Item }>>) {
        const action = Object.values(entry)[0]!;
        if (action.Item) action.Item = retag(action.Item, tag);
        if (action.Key) action.Key = retag(action.Key, tag);
      }
      break;
  }
  return copy;
}

/** Calls grouped by level, in order. */
function levels(calls: readonly CapturedCall[]): CapturedCall[][] {
  const deepest = Math.max(0, ...calls.map((call) => call.level));
  return Array.from({ length: deepest }, (_, i) => calls.filter((call) => call.level === i + 1)).filter(
    (level) => level.length > 0,
  );
}

export interface Replayer {
  /** Puts replay `n`'s copies of the written items in their state before our request (untimed). */
  seed(n: number): Promise<void>;
  /** Makes the captured calls for replay `n`, level by level. */
  run(n: number): Promise<void>;
  /** Deletes replay `n`'s copies (untimed), so no copy lingers in an index ours reads later. */
  clean(n: number): Promise<void>;
  /** Replay `n` as one repeat of a throughput comparison: seeded, run, cleaned; the run's ms. */
  timed(n: number): Promise<number>;
}

/**
 * For each call, the calls it waited for: the one that ended last before it started (in a
 * pipeline of lanes, such as a worker creating bills 16 at a time, the previous call of its own
 * lane, not every call of the level before), and the deepest one that ended before it started,
 * so that the replay's round trips (levels) are at least ours by construction. Empty for a call
 * that waited for none.
 */
function triggers(calls: readonly CapturedCall[]): number[][] {
  return calls.map((call) => {
    let last: number | undefined;
    let deepest: number | undefined;
    calls.forEach((other, i) => {
      if (other.ended > call.started) return;
      if (last === undefined || other.ended > calls[last]!.ended) last = i;
      if (deepest === undefined || other.level > calls[deepest]!.level) deepest = i;
    });
    return [...new Set([last, deepest].filter((i) => i !== undefined))];
  });
}

/**
 * How a replay orders the calls: `levels` (default) runs each level's calls together and waits
 * for all of them, as one request's fan-out does; `pipeline` starts each call as soon as the calls
 * it waited for in the capture have ended, so a worker's lanes replay as lanes (a level does not
 * wait for its slowest call, which would make the baseline slower than ours for nothing).
 */
export type ReplaySchedule = 'levels' | 'pipeline';

/** A replayer of one captured operation through `client`; `run` is unique per benchmark run. */
export function replayer(
  captured: Captured,
  client: DynamoDBClient,
  run: string,
  schedule: ReplaySchedule = 'levels',
): Replayer {
  const failedInCapture = captured.calls.filter((call) => call.failed);
  if (failedInCapture.length > 0)
    throw new Error(
      `the captured operation had ${failedInCapture.length} failed calls: it is not a baseline`,
    );
  for (const call of captured.calls)
    if (!COMMANDS[call.operation]) throw new Error(`replay: no command for ${call.operation}`);
  const plan = levels(captured.calls);
  const waitsFor = triggers(captured.calls);
  const tag = (n: number) => `replay-${run}-${n}`;
  const replay: Replayer = {
    async timed(n) {
      await replay.seed(n);
      const started = performance.now();
      await replay.run(n);
      const ms = performance.now() - started;
      await replay.clean(n);
      return ms;
    },
    async seed(n) {
      await Promise.all(
        captured.preImages
          .filter((image) => image.item)
          .map((image) =>
            client.send(new PutItemCommand({ TableName: image.table, Item: retag(image.item!, tag(n)) })),
          ),
      );
    },
    async clean(n) {
      const copies = new Map<string, { table: string; key: Item }>();
      for (const call of captured.calls)
        for (const target of writeTargets(call.operation, call.input)) {
          const key = retag(target.key, tag(n));
          copies.set(`${target.table} ${JSON.stringify(key)}`, { table: target.table, key });
        }
      const all = [...copies.values()];
      for (let at = 0; at < all.length; at += 32)
        await Promise.all(
          all
            .slice(at, at + 32)
            .map(({ table, key }) => client.send(new DeleteItemCommand({ TableName: table, Key: key }))),
        );
    },
    async run(n) {
      if (schedule === 'pipeline') {
        const send = (call: CapturedCall) =>
          client.send(new COMMANDS[call.operation]!(retagWrites(call.operation, call.input, tag(n))));
        // In order of start, so that the call each one waits for is already under way.
        const done = new Map<number, Promise<unknown>>();
        for (const i of captured.calls
          .map((_, i) => i)
          .sort((a, b) => captured.calls[a]!.started - captured.calls[b]!.started)) {
          const after = waitsFor[i]!;
          const call = captured.calls[i]!;
          done.set(
            i,
            after.length === 0
              ? send(call)
              : Promise.all(after.map((j) => done.get(j))).then(() => send(call)),
          );
        }
        await Promise.all(done.values());
        return;
      }
      for (const level of plan) {
        await Promise.all(
          level.map((call) =>
            client.send(new COMMANDS[call.operation]!(retagWrites(call.operation, call.input, tag(n)))),
          ),
        );
      }
    },
  };
  return replay;
}
