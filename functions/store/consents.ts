import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Consent, ConsentStatus } from '#domain/consent.ts';
import { documents, mainTableName } from './client.ts';
import { keys } from './keys.ts';
import type { TransactItem } from './transact.ts';

const table = () => mainTableName();

/** Stores a new consent awaiting the customer's authorisation. */
export async function putConsent(consent: Consent): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: table(),
      Item: {
        ...keys.consent(consent.consentId),
        ...keys.consentsOfClient(consent.clientId, consent.createdAt),
        ...consent,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
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

/** Applies one guarded transition on its own; false when the guard failed. */
export async function transitionConsent(input: Parameters<typeof consentTransition>[0]): Promise<boolean> {
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
