import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../../functions/store/client.ts';

/** One item key (or index partition) a DynamoDB call named, and what the call did with it. */
export interface TouchedKey {
  /** The Lambda that made the call (`handlers/aisp/list-accounts`), if it ran under {@link attributeTo}. */
  owner: string | undefined;
  /** The API operation (`GetItem`, `TransactWriteItems`, …). */
  operation: string;
  /** What it did with this key: read, write, or nothing by key at all (DescribeTable, Scan). */
  access: 'read' | 'write' | 'describe' | 'scan';
  /** `table`, or the index a Query read. */
  target: string;
  /** The partition key (of the table or of the index); empty for describe and scan. */
  key: string;
}

const owners = new AsyncLocalStorage<string>();
const listeners = new Set<(touched: TouchedKey) => void>();
let installed = false;

/** Runs `work` as the named Lambda: every DynamoDB call it makes is recorded as that Lambda's. */
export function attributeTo<T>(owner: string, work: () => Promise<T>): Promise<T> {
  return owners.run(owner, work);
}

/**
 * Records every DynamoDB call this process makes through the platform's client (the one every
 * handler, use case and store module shares), by an SDK middleware at the build step, where the
 * document client has already turned the input into attribute values. Returns a function that
 * stops listening.
 */
export function onDynamoCall(listener: (touched: TouchedKey) => void): () => void {
  if (!installed) {
    installed = true;
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (listeners.size > 0) {
          const operation = String(context.commandName ?? '').replace(/Command$/, '');
          const owner = owners.getStore();
          for (const touched of keysOf(operation, args.input as Record<string, unknown>)) {
            for (const listen of listeners) listen({ owner, operation, ...touched });
          }
        }
        return next(args);
      },
      { step: 'build', name: 'testDynamoRecorder' },
    );
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

type Touch = Omit<TouchedKey, 'owner' | 'operation'>;
type Key = Record<string, AttributeValue>;

/** The keys one call names: one entry per item (or per Query), with what it does with it. */
function keysOf(operation: string, input: Record<string, unknown>): Touch[] {
  const pkOf = (key: Key | undefined) => key?.pk?.S ?? '';
  const table = (access: 'read' | 'write', key: Key | undefined): Touch => ({
    access,
    target: 'table',
    key: pkOf(key),
  });
  switch (operation) {
    case 'GetItem':
      return [table('read', input.Key as Key)];
    case 'PutItem':
      return [table('write', input.Item as Key)];
    case 'UpdateItem':
    case 'DeleteItem':
      return [table('write', input.Key as Key)];
    case 'BatchGetItem':
      return Object.values(input.RequestItems as Record<string, { Keys: Key[] }>).flatMap((request) =>
        request.Keys.map((key) => table('read', key)),
      );
    case 'BatchWriteItem':
      return Object.values(
        input.RequestItems as Record<
          string,
          Array<{ PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }>
        >,
      ).flatMap((requests) =>
        requests.map((request) => table('write', request.PutRequest?.Item ?? request.DeleteRequest?.Key)),
      );
    case 'TransactGetItems':
      return (input.TransactItems as Array<{ Get: { Key: Key } }>).map((item) => table('read', item.Get.Key));
    case 'TransactWriteItems':
      return (
        input.TransactItems as Array<{
          Put?: { Item: Key };
          Update?: { Key: Key };
          Delete?: { Key: Key };
          ConditionCheck?: { Key: Key };
        }>
      ).map((item) =>
        item.ConditionCheck
          ? table('read', item.ConditionCheck.Key)
          : table('write', item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key),
      );
    case 'Query':
      return [queryKey(input)];
    case 'Scan':
      return [{ access: 'scan', target: String(input.IndexName ?? 'table'), key: '' }];
    case 'DescribeTable':
      return [{ access: 'describe', target: 'table', key: '' }];
    default:
      // Anything else is unexpected from a handler: recorded as a write of nothing, which no grant allows.
      return [{ access: 'write', target: operation, key: '' }];
  }
}

/** The partition-key value a Query names: the `<partition key> = :value` term of its key condition. */
function queryKey(input: Record<string, unknown>): Touch {
  const index = input.IndexName as string | undefined;
  const partitionKey = index ? `${index}pk` : 'pk';
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, AttributeValue>;
  const condition = String(input.KeyConditionExpression ?? '');
  for (const [, name, placeholder] of condition.matchAll(/(#?[\w]+)\s*=\s*(:[\w]+)/g)) {
    if ((names[name!] ?? name) === partitionKey) {
      return { access: 'read', target: index ?? 'table', key: values[placeholder!]?.S ?? '' };
    }
  }
  return { access: 'read', target: index ?? 'table', key: '' };
}
