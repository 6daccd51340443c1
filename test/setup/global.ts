import type { TestProject } from 'vitest/node';
import { ensureTables, type LocalDynamo, localClient, startDynamo } from '../../local/dynamodb.ts';

let dynamo: LocalDynamo | undefined;

/** One real DynamoDB Local engine for the whole run; each test file uses its own keys or table. */
export async function setup(project: TestProject) {
  dynamo = await startDynamo();
  await ensureTables(localClient(dynamo.endpoint));
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
