import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { DynamoOidcAdapter } from '../../functions/store/oidc-adapter.ts';

const models = [
  'Session',
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'ClientCredentials',
  'Client',
  'RegistrationAccessToken',
  'Interaction',
  'ReplayDetection',
  'PushedAuthorizationRequest',
  'Grant',
];

describe('oidc-provider storage on DynamoDB Local', () => {
  it.each(models)('%s: upsert, find, destroy', async (model) => {
    const adapter = new DynamoOidcAdapter(model);
    const id = randomUUID();
    await adapter.upsert(id, { jti: id, kind: model, clientId: 'c1' }, 60);
    const found = await adapter.find(id);
    await adapter.destroy(id);
    expect(found).toMatchObject({ jti: id, kind: model, clientId: 'c1' });
    expect(await adapter.find(id)).toBeUndefined();
  });

  it('consume marks a code used once; a second consume is refused as invalid_grant', async () => {
    const adapter = new DynamoOidcAdapter('AuthorizationCode');
    const id = randomUUID();
    await adapter.upsert(id, { jti: id, kind: 'AuthorizationCode' }, 60);
    await adapter.consume(id);
    const consumed = await adapter.find(id);
    const second = await adapter.consume(id).catch((error: { error?: string }) => error.error);
    expect(typeof consumed?.consumed).toBe('number');
    expect(second).toBe('invalid_grant');
  });

  it('of two concurrent consumes exactly one succeeds', async () => {
    const adapter = new DynamoOidcAdapter('AuthorizationCode');
    const id = randomUUID();
    await adapter.upsert(id, { jti: id, kind: 'AuthorizationCode' }, 60);
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => adapter.consume(id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('findByUid finds a session by its uid', async () => {
    const adapter = new DynamoOidcAdapter('Session');
    const id = randomUUID();
    const uid = randomUUID();
    await adapter.upsert(id, { jti: id, kind: 'Session', uid, accountId: 'cus-1' }, 60);
    expect(await adapter.findByUid(uid)).toMatchObject({ jti: id, accountId: 'cus-1' });
    expect(await adapter.findByUid(randomUUID())).toBeUndefined();
  });

  it('revokeByGrantId removes every token of the grant and nothing else', async () => {
    const grantId = randomUUID();
    const access = new DynamoOidcAdapter('AccessToken');
    const refresh = new DynamoOidcAdapter('RefreshToken');
    const [a1, a2, r1, other] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await access.upsert(a1, { jti: a1, grantId }, 60);
    await access.upsert(a2, { jti: a2, grantId }, 60);
    await refresh.upsert(r1, { jti: r1, grantId }, 60);
    await access.upsert(other, { jti: other, grantId: randomUUID() }, 60);
    await access.revokeByGrantId(grantId);
    expect(await access.find(a1)).toBeUndefined();
    expect(await access.find(a2)).toBeUndefined();
    expect(await refresh.find(r1)).toBeUndefined();
    expect(await access.find(other)).toMatchObject({ jti: other });
  });

  it('treats an expired record as absent even before DynamoDB TTL deletes it', async () => {
    const adapter = new DynamoOidcAdapter('AccessToken');
    const id = randomUUID();
    await adapter.upsert(id, { jti: id }, 60);
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: { pk: `OIDC#AccessToken#${id}`, sk: 'OIDC' },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    expect(await adapter.find(id)).toBeUndefined();
  });

  it('stores the TTL attribute DynamoDB expires records by', async () => {
    const adapter = new DynamoOidcAdapter('Interaction');
    const id = randomUUID();
    const before = Math.floor(Date.now() / 1000);
    await adapter.upsert(id, { jti: id }, 600);
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const { Item } = await documents.send(
      new GetCommand({ TableName: mainTableName(), Key: { pk: `OIDC#Interaction#${id}`, sk: 'OIDC' } }),
    );
    expect(Item?.ttl).toBeGreaterThanOrEqual(before + 600);
    expect(Item?.ttl).toBeLessThanOrEqual(before + 602);
  });
});
