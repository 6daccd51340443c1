import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Consent, ConsentStatus } from '#domain/consent.ts';
import type { NewEvent } from '#domain/events.ts';
import { documents, mainTableName } from './client.ts';
import { listDue } from './due-index.ts';
import { eventItem } from './events.ts';
import { CONSENT_EXPIRY_SHARDS, consentsDuePartition, keys } from './keys.ts';
import { type TransactItem, transactWrite, writeTogether } from './transact.ts';

const table = () => mainTableName();

/** Expiry markers outlive the expiry this long, in case the worker is down for a while (then TTL removes them). */
const EXPIRY_MARKER_GRACE_SECONDS = 7 * 24 * 60 * 60;

/**
 * Stores a new consent awaiting the customer's authorisation. A consent with an expiry gets,
 * in the same transaction, a marker on the consent-expiry index so that the expiry worker
 * finds it when it is due (the consent item's own indexes are taken).
 */
export async function putConsent(consent: Consent): Promise<void> {
  const put = {
    TableName: table(),
    Item: {
      ...keys.consent(consent.consentId),
      ...keys.consentsOfClient(consent.clientId, consent.createdAt),
      ...consent,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  if (!consent.expiresAt) {
    await documents.send(new PutCommand(put));
    return;
  }
  await transactWrite([
    { Put: put },
    {
      Put: {
        TableName: table(),
        Item: {
          ...keys.consentExpiry(consent.consentId),
          ...keys.consentDue(consent.consentId, consent.expiresAt),
          type: 'ConsentExpiry',
          consentId: consent.consentId,
          clientId: consent.clientId,
          expiresAt: consent.expiresAt,
          ttl: Math.floor(Date.parse(consent.expiresAt) / 1000) + EXPIRY_MARKER_GRACE_SECONDS,
        },
      },
    },
  ]);
}

/** A consent's expiry marker, as the expiry worker lists it. */
export interface ConsentExpiryMarker {
  consentId: string;
  clientId: string;
  expiresAt: string;
}

/** Consent expiry markers due at `now`, earliest first per shard (eventually consistent: re-read the consent). */
export function listDueConsentExpiries(options: {
  now: Date;
  limit: number;
  clientId?: string;
}): Promise<ConsentExpiryMarker[]> {
  return listDue<ConsentExpiryMarker>({
    shards: CONSENT_EXPIRY_SHARDS,
    partition: consentsDuePartition,
    ...options,
  });
}

/** Removes an expiry marker, as a transaction item (with the consent's change) or on its own. */
export function consentExpiryRemoval(consentId: string): TransactItem {
  return { Delete: { TableName: table(), Key: keys.consentExpiry(consentId) } };
}

/** Removes an expiry marker whose consent ended otherwise (consumed, revoked, rejected). */
export async function removeConsentExpiry(consentId: string): Promise<void> {
  await documents.send(new DeleteCommand(consentExpiryRemoval(consentId).Delete!));
}

/** The consent, or undefined. Strongly consistent: status checks must see the latest write. */
export async function getConsent(consentId: string): Promise<Consent | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: table(), Key: keys.consent(consentId), ConsistentRead: true }),
  );
  return Item as Consent | undefined;
}

/**
 * The write that moves a consent from `from` to `to`, guarded so it applies only if the
 * consent is still in `from` and belongs to `clientId`. Returned as a transaction item so
 * callers can make it atomic with other writes (a grant, a payment).
 */
export function consentTransition(input: {
  consentId: string;
  clientId: string;
  from: ConsentStatus;
  to: ConsentStatus;
  at: string;
  set?: Partial<Pick<Consent, 'customerId' | 'accountIds' | 'grantId'>>;
}): TransactItem {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':from': input.from,
    ':to': input.to,
    ':at': input.at,
    ':client': input.clientId,
    ':change': [{ Status: input.to, At: input.at }],
  };
  const sets = [
    '#status = :to',
    'statusUpdatedAt = :at',
    'statusHistory = list_append(statusHistory, :change)',
  ];
  for (const [field, value] of Object.entries(input.set ?? {})) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  if (input.set?.customerId) {
    Object.assign(names, { '#g2pk': 'gsi2pk', '#g2sk': 'gsi2sk' });
    const index = keys.consentsOfCustomer(input.set.customerId, input.at);
    values[':g2pk'] = index.gsi2pk;
    values[':g2sk'] = index.gsi2sk;
    sets.push('#g2pk = :g2pk', '#g2sk = :g2sk');
  }
  return {
    Update: {
      TableName: table(),
      Key: keys.consent(input.consentId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: '#status = :from AND clientId = :client',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The consent moved on between the read and the guarded write. */
class ConsentMovedOn extends Error {}

/**
 * Applies one guarded transition; false when the guard failed. With `event` (the change's
 * client event) and any `alsoWrite`, all are written in one transaction or none is.
 */
export async function transitionConsent(
  input: Parameters<typeof consentTransition>[0],
  event?: NewEvent,
  alsoWrite: TransactItem[] = [],
): Promise<boolean> {
  if (event) {
    try {
      await writeTogether([
        { label: 'consent', item: consentTransition(input), onConditionFailed: () => new ConsentMovedOn() },
        eventItem(event),
        ...alsoWrite.map((item) => ({ label: 'consent expiry', item })),
      ]);
      return true;
    } catch (error) {
      if (error instanceof ConsentMovedOn) return false;
      throw error;
    }
  }
  const { Update } = consentTransition(input) as { Update: ConstructorParameters<typeof UpdateCommand>[0] };
  try {
    await documents.send(new UpdateCommand(Update));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** A customer's consents, newest first (Circular 64: customers see everything they share). */
export async function listCustomerConsents(customerId: string): Promise<Consent[]> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.consentsOfCustomer(customerId, '').gsi2pk,
        ':prefix': keys.consentsOfCustomer(customerId, '').gsi2sk,
      },
      ScanIndexForward: false,
    }),
  );
  return (Items ?? []) as Consent[];
}
