import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckoutSession } from '#domain/checkout/session.ts';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';
import type { ExtraWrite } from '../transact.ts';

/** Kept a day past its end, so the portal can still read the outcome; then DynamoDB's TTL removes it. */
const KEEP_SECONDS = 24 * 60 * 60;

function item(session: CheckoutSession): Record<string, unknown> {
  return {
    ...keys.checkoutSession(session.checkoutSessionId),
    type: 'CheckoutSession',
    ...session,
    ttl: Math.floor(Date.parse(session.expiresAt) / 1000) + KEEP_SECONDS,
  };
}

function strip(stored: Record<string, unknown>): CheckoutSession {
  const { pk: _pk, sk: _sk, type: _type, ttl: _ttl, ...rest } = stored;
  return rest as unknown as CheckoutSession;
}

/** Stores a new session (never overwriting one). */
export async function insertCheckoutSession(session: CheckoutSession): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: item(session),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** One session, strongly consistent. */
export async function getCheckoutSession(sessionId: string): Promise<CheckoutSession | undefined> {
  const { Item } = await documents.send(
    new GetCommand({
      TableName: mainTableName(),
      Key: keys.checkoutSession(sessionId),
      ConsistentRead: true,
    }),
  );
  return Item ? strip(Item) : undefined;
}

/** Raised when a session changed since it was read: `current` is the session as it now is. */
export class CheckoutSessionChanged extends Error {
  override name = 'CheckoutSessionChanged';
  constructor(readonly current: CheckoutSession | undefined) {
    super('the checkout session changed since it was read');
  }
}

/** The put that moves a session from the version read to `next`, for a transaction. */
export function checkoutSessionChange(next: CheckoutSession, readVersion: number): ExtraWrite {
  return {
    label: 'checkout session',
    item: {
      Put: {
        TableName: mainTableName(),
        Item: item(next),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': readVersion },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) => new CheckoutSessionChanged(current ? strip(current) : undefined),
  };
}

/**
 * Changes a session alone, conditioned on the version read.
 *
 * @throws CheckoutSessionChanged when someone changed it meanwhile (nothing written)
 */
export async function changeCheckoutSession(next: CheckoutSession, readVersion: number): Promise<void> {
  try {
    await documents.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: item(next),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': readVersion },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const old = (error as { Item?: Record<string, unknown> }).Item;
    throw new CheckoutSessionChanged(old ? strip(old) : undefined);
  }
}
