import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, mainTableName } from './client.ts';
import { keys } from './keys.ts';

/** How long a customer stays signed in to the sharing page without activity. */
export const SESSION_SECONDS = 10 * 60;

export interface CustomerSession {
  sessionId: string;
  customerId: string;
  /** Sent back with every form, so another site cannot post for the customer. */
  csrfToken: string;
  expiresAt: number;
}

const key = keys.customerSession;

/** Opens a short session for a signed-in customer. */
export async function openCustomerSession(customerId: string): Promise<CustomerSession> {
  const session: CustomerSession = {
    sessionId: randomBytes(32).toString('base64url'),
    customerId,
    csrfToken: randomBytes(24).toString('base64url'),
    expiresAt: Math.floor(Date.now() / 1000) + SESSION_SECONDS,
  };
  await documents.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: { ...key(session.sessionId), ...session, ttl: session.expiresAt },
    }),
  );
  return session;
}

/** The live session with this id, if any. */
export async function findCustomerSession(sessionId: string): Promise<CustomerSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return undefined;
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: key(sessionId), ConsistentRead: true }),
  );
  if (!Item || Item.expiresAt <= Date.now() / 1000) return undefined;
  return Item as CustomerSession;
}

/** Signs the customer out. */
export async function closeCustomerSession(sessionId: string): Promise<void> {
  await documents.send(new DeleteCommand({ TableName: mainTableName(), Key: key(sessionId) }));
}
