import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureTables, type LocalDynamo, localClient, startDynamo } from '../../local/dynamodb.ts';

let dynamo: LocalDynamo | undefined;

/** One real DynamoDB Local engine for the whole run; each test file uses its own keys or table. */
export async function setup(project: TestProject) {
  execFileSync('bash', [join(import.meta.dirname, '../../scripts/ensure-chromium.sh')], { stdio: 'inherit' });
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
