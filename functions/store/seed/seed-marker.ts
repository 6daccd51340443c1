import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SANDBOX_DATA_VERSION } from '#domain/sandbox/dataset.ts';
import { keys } from '../keys.ts';

/** Written last by a completed seed: its presence means "seeded", its fields how to seed more consistently. */
export interface SeedMarker {
  type: 'SandboxSeed';
  version: string;
  seed: string;
  namespace: string;
  /** History end of this dataset; later seeds reuse it so the same customers get the same entries. */
  referenceDate: string;
  /** Customers 0 … customers-1 are seeded. */
  customers: number;
  seededAt: string;
}

export async function readSeedMarker(
  client: DynamoDBDocumentClient,
  tableName: string,
  namespace: string,
): Promise<SeedMarker | undefined> {
  const { Item } = await client.send(
    new GetCommand({
      TableName: tableName,
      Key: keys.sandboxSeed(markerVersion(SANDBOX_DATA_VERSION, namespace)),
      ConsistentRead: true,
    }),
  );
  return Item as SeedMarker | undefined;
}

export async function writeSeedMarker(
  client: DynamoDBDocumentClient,
  tableName: string,
  marker: SeedMarker,
): Promise<void> {
  await client.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...keys.sandboxSeed(markerVersion(marker.version, marker.namespace)), ...marker },
    }),
  );
}

/** The default sandbox's marker is `SEED#<version>`; a namespace gets its own marker. */
function markerVersion(version: string, namespace: string): string {
  return namespace === '' ? version : `${version}#${namespace}`;
}
