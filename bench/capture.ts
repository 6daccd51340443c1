/**
 * Captures the DynamoDB calls a request really makes, through an SDK middleware on the client
 * that makes them: each call's input (as attribute values), when it started and ended, and what
 * it consumed (`ReturnConsumedCapacity: TOTAL` is added while capturing, on both sides of a
 * comparison alike). From the calls comes the request's {@link Work}; the same calls, replayed
 * raw (bench/replay.ts), make a baseline that does the same work by construction.
 *
 * Capture one operation at a time: calls are attributed to whatever runs while capturing.
 */
import { type AttributeValue, type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Work } from './work.ts';

type Item = Record<string, AttributeValue>;
type Input = Record<string, unknown>;

/** One DynamoDB call as made. */
export interface CapturedCall {
  /** API operation: `GetItem`, `TransactWriteItems`, … */
  operation: string;
  /** The input as sent (attribute values), without `ReturnConsumedCapacity`. */
  input: Input;
  started: number;
  ended: number;
  /** 1 for a call that waited on no other call of the request, n + 1 for one made after a call of level n ended. */
  level: number;
  failed: boolean;
  itemsRead: number;
  itemsWritten: number;
  conditions: number;
  rcu: number;
  wcu: number;
}

/** The calls of one operation, and the state of every item it wrote, as it was before. */
export interface Captured {
  calls: CapturedCall[];
  work: Work;
  /** Each written item's table, key and prior image (undefined when it did not exist). */
  preImages: Array<{ table: string; key: Item; item: Item | undefined }>;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'TransactGetItems', 'Query', 'Scan']);

interface WriteTarget {
  table: string;
  key: Item;
}

/** The table's key attributes of an item (the single-table design keys every item on pk/sk). */
function keyOf(item: Item): Item {
  return item.sk ? { pk: item.pk!, sk: item.sk } : { pk: item.pk! };
}

/** Every item a call writes or conditions on, with its table. */
export function writeTargets(operation: string, input: Input): WriteTarget[] {
  const table = String(input.TableName ?? '');
  switch (operation) {
    case 'PutItem':
      return [{ table, key: keyOf(input.Item as Item) }];
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ table, key: input.Key as Item }];
    case 'BatchWriteItem':
      return Object.entries(
        input.RequestItems as Record<
          string,
          Array<{ PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }>
        >,
      ).flatMap(([name, requests]) =>
        requests.map((request) => ({
          table: name,
          key: request.PutRequest ? keyOf(request.PutRequest.Item) : request.DeleteRequest!.Key,
        })),
      );
    case 'TransactWriteItems':
      return (
        input.TransactItems as Array<Record<string, { TableName: string; Key?: Item; Item?: Item }>>
      ).map((entry) => {
        const action = Object.values(entry)[0]!;
        return { table: action.TableName, key: action.Item ? keyOf(action.Item) : action.Key! };
      });
    default:
      return [];
  }
}

/** Items read, written and conditions of one call, from its input (and a Query's answer). */
function countItems(operation: string, input: Input, output: Input | undefined) {
  const conditioned = (action: { ConditionExpression?: unknown }) => (action.ConditionExpression ? 1 : 0);
  switch (operation) {
    case 'GetItem':
      return { itemsRead: 1, itemsWritten: 0, conditions: 0 };
    case 'BatchGetItem':
      return {
        itemsRead: Object.values(input.RequestItems as Record<string, { Keys: unknown[] }>).reduce(
          (sum, request) => sum + request.Keys.length,
          0,
        ),
        itemsWritten: 0,
        conditions: 0,
      };
    case 'TransactGetItems':
      return { itemsRead: (input.TransactItems as unknown[]).length, itemsWritten: 0, conditions: 0 };
    case 'Query':
    case 'Scan':
      return { itemsRead: Number(output?.Count ?? 0), itemsWritten: 0, conditions: 0 };
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return { itemsRead: 0, itemsWritten: 1, conditions: conditioned(input) };
    case 'BatchWriteItem':
      return { itemsRead: 0, itemsWritten: writeTargets(operation, input).length, conditions: 0 };
    case 'TransactWriteItems': {
      const items = input.TransactItems as Array<Record<string, { ConditionExpression?: unknown }>>;
      return {
        itemsRead: 0,
        itemsWritten: items.filter((entry) => !entry.ConditionCheck).length,
        conditions: items.reduce((sum, entry) => sum + conditioned(Object.values(entry)[0]!), 0),
      };
    }
    default:
      return { itemsRead: 0, itemsWritten: 0, conditions: 0 };
  }
}

/** RCU and WCU from a `ConsumedCapacity` answer (one object, or one per table). */
function capacityOf(operation: string, consumed: unknown): { rcu: number; wcu: number } {
  const list = (Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) as Array<{
    CapacityUnits?: number;
    ReadCapacityUnits?: number;
    WriteCapacityUnits?: number;
  }>;
  let rcu = 0;
  let wcu = 0;
  for (const entry of list) {
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      rcu += entry.ReadCapacityUnits ?? 0;
      wcu += entry.WriteCapacityUnits ?? 0;
    } else if (READS.has(operation)) rcu += entry.CapacityUnits ?? 0;
    else wcu += entry.CapacityUnits ?? 0;
  }
  return { rcu, wcu };
}

/** Levels (round trips) of calls: a call's level is one more than the deepest call that ended before it started. */
function assignLevels(calls: CapturedCall[]): void {
  const ordered = [...calls].sort((a, b) => a.started - b.started);
  for (const call of ordered) {
    call.level =
      1 + Math.max(0, ...ordered.filter((other) => other.ended <= call.started).map((o) => o.level));
  }
}

/** The work of one operation's calls. */
export function workOf(calls: readonly CapturedCall[]): Work {
  const operations: Record<string, number> = {};
  for (const call of calls) operations[call.operation] = (operations[call.operation] ?? 0) + 1;
  const sum = (pick: (call: CapturedCall) => number) => calls.reduce((total, call) => total + pick(call), 0);
  return {
    calls: calls.length,
    roundTrips: Math.max(0, ...calls.map((call) => call.level)),
    itemsRead: sum((c) => c.itemsRead),
    itemsWritten: sum((c) => c.itemsWritten),
    conditions: sum((c) => c.conditions),
    rcu: sum((c) => c.rcu),
    wcu: sum((c) => c.wcu),
    failed: calls.filter((call) => call.failed).length,
    operations,
  };
}

/**
 * A middleware on `client` that records calls while {@link capture} runs. With `preImages`
 * (a client without this middleware), it also reads each item a captured call writes, before
 * the call's first write of it, so that a replay can start from the same state.
 */
export class DynamoCapture {
  private calls: CapturedCall[] | undefined;
  private preImages: Captured['preImages'] = [];
  private seen = new Set<string>();
  private readonly name = `benchCapture${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly client: DynamoDBClient,
    private readonly options: { preImages?: DynamoDBClient } = {},
  ) {
    // Asked before the input is serialised; recorded after (the document client marshals just
    // before serialising, so only at the build step is every input in attribute values).
    client.middlewareStack.add(
      (next) => async (args) =>
        next(
          this.calls
            ? { ...args, input: { ...(args.input as Input), ReturnConsumedCapacity: 'TOTAL' } }
            : args,
        ),
      { step: 'initialize', name: `${this.name}Capacity` },
    );
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const calls = this.calls;
        if (!calls) return next(args);
        const operation = String(context.commandName ?? '').replace(/Command$/, '');
        const started = performance.now();
        const recorded = structuredClone(args.input as Input);
        delete recorded.ReturnConsumedCapacity;
        await this.readPreImages(operation, recorded);
        const call: CapturedCall = {
          operation,
          input: recorded,
          started,
          ended: started,
          level: 0,
          failed: false,
          itemsRead: 0,
          itemsWritten: 0,
          conditions: 0,
          rcu: 0,
          wcu: 0,
        };
        calls.push(call);
        try {
          const answer = await next(args);
          const output = answer.output as unknown as Input;
          Object.assign(
            call,
            countItems(operation, recorded, output),
            capacityOf(operation, output.ConsumedCapacity),
          );
          return answer;
        } catch (error) {
          call.failed = true;
          Object.assign(
            call,
            countItems(operation, recorded, undefined),
            capacityOf(
              operation,
              (error as { CancellationReasons?: unknown; ConsumedCapacity?: unknown }).ConsumedCapacity,
            ),
          );
          throw error;
        } finally {
          call.ended = performance.now();
        }
      },
      { step: 'build', name: this.name },
    );
  }

  private async readPreImages(operation: string, input: Input): Promise<void> {
    const reader = this.options.preImages;
    if (!reader) return;
    await Promise.all(
      writeTargets(operation, input).map(async ({ table, key }) => {
        const id = `${table} ${JSON.stringify(key)}`;
        if (this.seen.has(id)) return;
        this.seen.add(id);
        const { Item } = await reader.send(
          new GetItemCommand({ TableName: table, Key: key, ConsistentRead: true }),
        );
        this.preImages.push({ table, key, item: Item });
      }),
    );
  }

  /** Runs `operation` and returns its result with the calls it made. */
  async capture<T>(operation: () => Promise<T>): Promise<{ result: T; captured: Captured }> {
    if (this.calls) throw new Error('DynamoCapture: one capture at a time');
    this.calls = [];
    this.preImages = [];
    this.seen = new Set();
    try {
      const result = await operation();
      const calls = this.calls;
      assignLevels(calls);
      return { result, captured: { calls, work: workOf(calls), preImages: this.preImages } };
    } finally {
      this.calls = undefined;
    }
  }

  /** Removes the middleware. */
  remove(): void {
    this.client.middlewareStack.remove(this.name);
    this.client.middlewareStack.remove(`${this.name}Capacity`);
  }
}

/** The kind of item a key or item names: its partition key up to the first `#` (`CONSENT`, `DPOP`). */
function kindOf(item: unknown): string {
  const pk = (item as { pk?: { S?: string } } | undefined)?.pk?.S;
  return pk ? pk.split('#')[0]! : '?';
}

/** One call in a few words, to say how captured operations differed: `Query gsi2 ACCTNO`, `PutItem DPOP`. */
export function describeCall(call: CapturedCall): string {
  const input = call.input as Record<string, unknown>;
  switch (call.operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return `${call.operation} ${kindOf(input.Key)}`;
    case 'PutItem':
      return `${call.operation} ${kindOf(input.Item)}`;
    case 'Query': {
      const values = (input.ExpressionAttributeValues ?? {}) as Record<string, { S?: string }>;
      const first =
        Object.values(values)
          .find((value) => value.S)
          ?.S?.split('#')[0] ?? '?';
      return `Query ${String(input.IndexName ?? 'table')} ${first}`;
    }
    case 'BatchGetItem': {
      const requests = Object.values(input.RequestItems as Record<string, { Keys: unknown[] }>);
      return `BatchGetItem ${requests.flatMap((request) => request.Keys.map(kindOf)).join('+')}`;
    }
    case 'TransactWriteItems':
      return `TransactWriteItems ${(input.TransactItems as unknown[]).length} items`;
    default:
      return call.operation;
  }
}

/**
 * The work of `count` operations captured together (a batch, a pipeline of deliveries), per
 * operation: every figure divided by `count`, round trips included (an average share of the
 * capture's chain, not one operation's wait).
 */
export function workPer(captured: Captured, count: number): Work {
  const { work } = captured;
  const per = (value: number) => value / count;
  return {
    calls: per(work.calls),
    roundTrips: per(work.roundTrips),
    itemsRead: per(work.itemsRead),
    itemsWritten: per(work.itemsWritten),
    conditions: per(work.conditions),
    rcu: per(work.rcu),
    wcu: per(work.wcu),
    failed: per(work.failed),
    operations: Object.fromEntries(Object.entries(work.operations).map(([name, n]) => [name, per(n)])),
  };
}
