import { BatchGetCommand, type BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { BatchWriter } from '../../functions/store/seed/batch-writer.ts';
import { testNamespace } from './store-helpers.ts';

const table = mainTableName();
const namespace = testNamespace();

function items(label: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    pk: `TEST#${namespace}#${label}`,
    sk: `ITEM#${i}`,
    n: i,
  }));
}

async function storedCount(list: { pk: string; sk: string }[]): Promise<number> {
  let found = 0;
  for (let i = 0; i < list.length; i += 100) {
    const keys = list.slice(i, i + 100).map(({ pk, sk }) => ({ pk, sk }));
    const { Responses } = await documents.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
    );
    found += Responses?.[table]?.length ?? 0;
  }
  return found;
}

/**
 * The real client, except that the first attempt of every batch stores only part of it and
 * hands the rest back as UnprocessedItems: what DynamoDB does when a partition is throttled.
 */
function throttlingClient() {
  const calls = { total: 0, partial: 0 };
  return {
    calls,
    client: {
      async send(command: BatchWriteCommand): Promise<BatchWriteCommandOutput> {
        calls.total += 1;
        const requests = command.input.RequestItems![table]!;
        if (requests.length < 2 || calls.total % 2 === 0) return documents.send(command);
        calls.partial += 1;
        const half = Math.ceil(requests.length / 2);
        const { BatchWriteCommand: Command } = await import('@aws-sdk/lib-dynamodb');
        await documents.send(new Command({ RequestItems: { [table]: requests.slice(0, half) } }));
        return { $metadata: {}, UnprocessedItems: { [table]: requests.slice(half) } };
      },
    },
  };
}

describe('batch writer', () => {
  it('writes every item in batches of 25 with several batches in flight', async () => {
    // Prepare
    const list = items('plain', 260);
    let reported = 0;
    const writer = new BatchWriter({
      client: documents,
      tableName: table,
      concurrency: 4,
      onWritten: (written) => {
        reported = written;
      },
    });

    // Act
    for (const item of list) await writer.put(item);
    await writer.close();

    // Assess
    expect(await storedCount(list)).toBe(260);
    expect(writer.written).toBe(260);
    expect(reported).toBe(260);
  });

  it('retries unprocessed items until every one is stored', async () => {
    // Prepare
    const list = items('throttled', 140);
    const { client, calls } = throttlingClient();
    const writer = new BatchWriter({ client, tableName: table, concurrency: 3 });

    // Act
    for (const item of list) await writer.put(item);
    await writer.close();

    // Assess
    expect(calls.partial).toBeGreaterThan(0);
    expect(await storedCount(list)).toBe(140);
    expect(writer.written).toBe(140);
  });

  it('gives up with a clear error when items stay unprocessed', async () => {
    // Prepare
    const client = {
      async send(command: BatchWriteCommand): Promise<BatchWriteCommandOutput> {
        return { $metadata: {}, UnprocessedItems: command.input.RequestItems };
      },
    };
    const writer = new BatchWriter({ client, tableName: table, maxRetries: 2 });

    // Act
    for (const item of items('never', 10)) await writer.put(item);

    // Assess
    await expect(writer.close()).rejects.toThrow('10 items were still unprocessed after 3 attempts');
  });

  it('stops at the first failed batch and reports it on every later call', async () => {
    // Prepare: an item without its sort key is refused by DynamoDB.
    const writer = new BatchWriter({ client: documents, tableName: table, concurrency: 2 });
    await writer.put({ pk: `TEST#${namespace}#broken` });

    // Act
    const closing = writer.close();

    // Assess
    await expect(closing).rejects.toThrow(/key/i);
    await expect(writer.put({ pk: `TEST#${namespace}#late`, sk: 'x' })).rejects.toThrow(/key/i);
  });
});
