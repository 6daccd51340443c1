import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documents, mainTableName } from './client.ts';
import { keys } from './keys.ts';

/** Failed sign-ins allowed per username within the window before it locks. */
const MAX_FAILED_LOGINS = 5;
const WINDOW_SECONDS = 15 * 60;

const key = keys.loginAttempts;

/** Whether this username is locked out after too many failed sign-ins. */
export async function isLockedOut(username: string): Promise<boolean> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: key(username), ConsistentRead: true }),
  );
  return Boolean(Item && Item.ttl > Date.now() / 1000 && Item.failures >= MAX_FAILED_LOGINS);
}

/** Counts one failed sign-in within the current window, or opens a new window. */
export async function recordFailedLogin(username: string): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  try {
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: key(username),
        UpdateExpression: 'SET failures = failures + :one',
        ConditionExpression: '#ttl > :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':now': now },
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    await documents.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: { ...key(username), failures: 1, ttl: now + WINDOW_SECONDS },
      }),
    );
  }
}
