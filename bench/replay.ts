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
import type { Captured, CapturedCall } from './capture.ts';

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
}

/** A replayer of one captured operation through `client`; `run` is unique per benchmark run. */
export function replayer(captured: Captured, client: DynamoDBClient, run: string): Replayer {
  const failedInCapture = captured.calls.filter((call) => call.failed);
  if (failedInCapture.length > 0)
    throw new Error(
      `the captured operation had ${failedInCapture.length} failed calls: it is not a baseline`,
    );
  for (const call of captured.calls)
    if (!COMMANDS[call.operation]) throw new Error(`replay: no command for ${call.operation}`);
  const plan = levels(captured.calls);
  const tag = (n: number) => `replay-${run}-${n}`;
  return {
    async seed(n) {
      await Promise.all(
        captured.preImages
          .filter((image) => image.item)
          .map((image) =>
            client.send(new PutItemCommand({ TableName: image.table, Item: retag(image.item!, tag(n)) })),
          ),
      );
    },
    async run(n) {
      for (const level of plan) {
        await Promise.all(
          level.map((call) =>
            client.send(new COMMANDS[call.operation]!(retagWrites(call.operation, call.input, tag(n)))),
          ),
        );
      }
    },
  };
}
