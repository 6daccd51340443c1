import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  decideAttempt,
  FAILURE_MEMORY_SECONDS,
  SOURCE_ATTEMPTS_PER_WINDOW,
  SOURCE_WINDOW_SECONDS,
  sourceWindow,
} from '#domain/sign-in-throttle.ts';
import { documents, mainTableName } from './client.ts';
import { keys } from './keys.ts';

/** Rounds of re-reading a username's attempts after losing a race to another attempt on it. */
const MAX_ROUNDS = 12;

/** A claimed attempt: judge the credentials now, then report a success with {@link recordSignInSuccess}. */
interface ClaimedAttempt {
  allowed: true;
  username: string;
  source: string;
  /** The per-source window the attempt was counted in. */
  window: number;
}

type AttemptClaim =
  | ClaimedAttempt
  | { allowed: false; limitedBy: 'username' | 'source'; retryAfterSeconds: number };

const isConditionFailure = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/**
 * Claims one sign-in attempt before its password is judged: counts it against the source
 * address's window (an atomic conditional ADD), then as a failure of the username (a conditional
 * write of the state the throttle rules decide, re-read and re-decided when another attempt wins
 * the race). Of any number of concurrent attempts, only those the rules allow are ever judged.
 * A refused attempt leaves the username's state as it was.
 */
export async function claimSignInAttempt(username: string, sourceIp: string): Promise<AttemptClaim> {
  const source = sourceIp.trim().toLowerCase().slice(0, 64) || 'unknown';
  const window = sourceWindow(Date.now() / 1000);
  const sourceKey = keys.loginSource(source, window);
  try {
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: sourceKey,
        UpdateExpression: 'ADD attempts :one SET #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :limit',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':one': 1,
          ':limit': SOURCE_ATTEMPTS_PER_WINDOW,
          ':ttl': window + 2 * SOURCE_WINDOW_SECONDS,
        },
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const retryAfterSeconds = Math.max(1, Math.ceil(window + SOURCE_WINDOW_SECONDS - Date.now() / 1000));
    return { allowed: false, limitedBy: 'source', retryAfterSeconds };
  }
  const claimed = await claimForUsername(username).catch(async (error: unknown) => {
    await releaseSource(source, window);
    throw error;
  });
  if (claimed !== true) {
    // Only judged attempts count against the source.
    await releaseSource(source, window);
    return { allowed: false, limitedBy: 'username', retryAfterSeconds: claimed };
  }
  return { allowed: true, username, source, window };
}

/** Writes the username's next state if the rules allow an attempt now: true, or seconds to wait. */
async function claimForUsername(username: string): Promise<true | number> {
  const key = keys.loginAttempts(username);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { Item } = await documents.send(
      new GetCommand({ TableName: mainTableName(), Key: key, ConsistentRead: true }),
    );
    const now = Date.now() / 1000;
    const current =
      Item && typeof Item.failures === 'number'
        ? { failures: Item.failures, lastAttemptAt: Number(Item.lastAttemptAt ?? 0) }
        : undefined;
    const decision = decideAttempt(current, now);
    if (!decision.allowed) return decision.retryAfterSeconds;
    try {
      await documents.send(
        new PutCommand({
          TableName: mainTableName(),
          Item: { ...key, ...decision.claim, ttl: Math.ceil(now) + FAILURE_MEMORY_SECONDS },
          // Every claim raises the count, so an unchanged count means nobody else claimed since the read.
          ...(current
            ? {
                ConditionExpression: 'failures = :seen',
                ExpressionAttributeValues: { ':seen': current.failures },
              }
            : { ConditionExpression: 'attribute_not_exists(pk)' }),
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (round + 1)));
    }
  }
  // Too contested to decide: refuse rather than judge beyond the rules.
  return 1;
}

/** A judged attempt succeeded: the username's failures are cleared and the source gets its slot back. */
export async function recordSignInSuccess(attempt: ClaimedAttempt): Promise<void> {
  await Promise.all([
    documents.send(
      new DeleteCommand({ TableName: mainTableName(), Key: keys.loginAttempts(attempt.username) }),
    ),
    releaseSource(attempt.source, attempt.window),
  ]);
}

async function releaseSource(source: string, window: number): Promise<void> {
  await documents
    .send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.loginSource(source, window),
        UpdateExpression: 'ADD attempts :minusOne',
        ConditionExpression: 'attempts > :zero',
        ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
      }),
    )
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
