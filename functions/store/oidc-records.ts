import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { documents, mainTableName } from './client.ts';
import { keys, oidcModelPrefix } from './keys.ts';

/**
 * Light readers and writers of the authorization server's records, for handlers that must not
 * bundle oidc-provider itself (the adapter imports it): the record layout is the adapter's.
 */

/** Deletes every token and code issued under a grant (the adapter's `revokeByGrantId`). */
export async function deleteGrantRecords(grantId: string): Promise<void> {
  const table = mainTableName();
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :grant',
        ExpressionAttributeValues: { ':grant': keys.oidcByGrant(grantId).gsi1pk },
        ExclusiveStartKey,
      }),
    );
    await Promise.all(
      (page.Items ?? []).map((item) =>
        documents.send(new DeleteCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk } })),
      ),
    );
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
}

/** Ends a grant: every token and code issued under it, then the grant itself. */
export async function deleteGrant(grantId: string): Promise<void> {
  await deleteGrantRecords(grantId);
  await documents.send(new DeleteCommand({ TableName: mainTableName(), Key: keys.oidc('Grant', grantId) }));
}

/** A registered client's display name (RFC 7591 `client_name`), or its id. */
export async function clientDisplayName(clientId: string): Promise<string> {
  return (await registeredClient(clientId))?.name ?? clientId;
}

/** A registered client's name (`client_name`, or its id) and scopes; undefined when no such client. */
export async function registeredClient(
  clientId: string,
): Promise<{ name: string; scopes: string[] } | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.oidc('Client', clientId), ConsistentRead: true }),
  );
  if (!Item?.payload) return undefined;
  return clientOfPayload(clientId, Item.payload as string);
}

/** A client's name (`client_name`, or its id) and scopes, from its record's RFC 7591 metadata. */
function clientOfPayload(clientId: string, payload: string): { name: string; scopes: string[] } {
  const metadata = JSON.parse(payload) as { client_name?: string; scope?: string };
  return {
    name: metadata.client_name ?? clientId,
    scopes: (metadata.scope ?? '').split(' ').filter(Boolean),
  };
}

/** How a bearer token the provider looks up by value is keyed at rest: its SHA-256, base64url. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** An operator's view of a partner's initial access token (never the token itself). */
export interface InitialAccessTokenRecord {
  /** The token's SHA-256 (base64url): how operators name it. */
  id: string;
  partner: string;
  kind: string;
  scopes: string[];
  /** Epoch seconds. */
  expiresAt: number;
}

/**
 * Labels a stored initial access token with the partner it was issued to, and lists it for
 * operators by expiry. The token must exist (the provider saved it); its payload is untouched.
 */
export async function labelInitialAccessToken(
  token: string,
  label: { partner: string; kind: string; scopes: readonly string[] },
): Promise<InitialAccessTokenRecord> {
  const id = tokenDigest(token);
  const { Attributes } = await documents.send(
    new UpdateCommand({
      TableName: mainTableName(),
      Key: keys.oidc('InitialAccessToken', id),
      UpdateExpression: 'SET partner = :partner, partnerKind = :kind, partnerScopes = :scopes',
      ConditionExpression: 'attribute_exists(pk) AND attribute_exists(expiresAt)',
      ExpressionAttributeValues: {
        ':partner': label.partner,
        ':kind': label.kind,
        ':scopes': [...label.scopes],
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  const expiresAt = Attributes!.expiresAt as number;
  await documents.send(
    new UpdateCommand({
      TableName: mainTableName(),
      Key: keys.oidc('InitialAccessToken', id),
      UpdateExpression: 'SET gsi2pk = :pk, gsi2sk = :sk',
      ExpressionAttributeValues: {
        ':pk': keys.initialAccessTokenListing(expiresAt, id).gsi2pk,
        ':sk': keys.initialAccessTokenListing(expiresAt, id).gsi2sk,
      },
    }),
  );
  return { id, partner: label.partner, kind: label.kind, scopes: [...label.scopes], expiresAt };
}

/** Partners' initial access tokens not yet expired, soonest expiry first. */
export async function listInitialAccessTokens(now = new Date()): Promise<InitialAccessTokenRecord[]> {
  const partition = keys.initialAccessTokenListing(0, '').gsi2pk;
  const records: InitialAccessTokenRecord[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: mainTableName(),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk > :now',
        ExpressionAttributeValues: { ':pk': partition, ':now': String(Math.floor(now.getTime() / 1000)) },
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) {
      records.push({
        id: String(item.gsi2sk).split('#')[1]!,
        partner: item.partner as string,
        kind: item.partnerKind as string,
        scopes: (item.partnerScopes as string[] | undefined) ?? [],
        expiresAt: item.expiresAt as number,
      });
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return records;
}

/** Revokes a partner's initial access token by its id (SHA-256); false when there was none. */
export async function revokeInitialAccessToken(id: string): Promise<boolean> {
  const { Attributes } = await documents.send(
    new DeleteCommand({
      TableName: mainTableName(),
      Key: keys.oidc('InitialAccessToken', id),
      ReturnValues: 'ALL_OLD',
    }),
  );
  return Attributes !== undefined;
}

/**
 * Clients newly registered, from a batch of the table's stream records (the authorization
 * server's `Client` records, as Lambda's stream trigger or the local stream poller read them).
 */
export function registrationsOfStreamRecords(
  records: readonly DynamoDBRecord[],
): { clientId: string; name: string; scopes: string[] }[] {
  const prefix = oidcModelPrefix('Client');
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    const item = unmarshall(image as Record<string, AttributeValue>) as { pk?: string; payload?: string };
    if (!item.pk?.startsWith(prefix) || typeof item.payload !== 'string') return [];
    const clientId = item.pk.slice(prefix.length);
    return [{ clientId, ...clientOfPayload(clientId, item.payload) }];
  });
}
