import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mainTable } from './tables.ts';

/**
 * The DynamoDB client, built once per cold start. Locally the standard SDK setting
 * `AWS_ENDPOINT_URL_DYNAMODB` points it at DynamoDB Local; no code path differs from AWS.
 */
export const dynamo = new DynamoDBClient({ maxAttempts: 4 });

/** Document client: plain JS values in and out, numbers kept as numbers. */
export const documents = DynamoDBDocumentClient.from(dynamo, {
  marshallOptions: { removeUndefinedValues: true },
});

/** The main table's name, read once; a missing variable fails at cold start, not mid-request. */
export function mainTableName(): string {
  const name = process.env[mainTable.envVar];
  if (!name) throw new Error(`${mainTable.envVar} is not set`);
  return name;
}
