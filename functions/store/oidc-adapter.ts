import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Adapter, type AdapterPayload, errors } from 'oidc-provider';
import { takePendingGrantWrites } from './atomic-context.ts';
import { documents, mainTableName } from './client.ts';
import { revokeConsentOfGrant } from './grant-consent.ts';
import { keys } from './keys.ts';
import { deleteGrantRecords, tokenDigest } from './oidc-records.ts';
import { transactWrite } from './transact.ts';

/**
 * Models whose id is itself a bearer credential that the provider looks up by value: their
 * records are keyed by the id's SHA-256, so a copy of the table holds no usable token.
 */
const HASHED_MODELS = new Set(['InitialAccessToken', 'RegistrationAccessToken']);

/**
 * Longest id looked up, in UTF-8 bytes: far longer than any id the provider issues (client ids,
 * codes, opaque tokens, uids). A longer one, as a client may present it (`client_id`, `code`,
 * `token`), is simply unknown: as a key it would pass DynamoDB's 2,048 bytes and come back a 500.
 */
const MAX_ID_BYTES = 512;
const unknowable = (id: string) => Buffer.byteLength(id) > MAX_ID_BYTES;

/**
 * oidc-provider's storage on DynamoDB. Every model lives in the main table under
 * `OIDC#<Model>#<id>` (`<id>` hashed for {@link HASHED_MODELS}); indexes serve `findByUid`,
 * `findByUserCode` and `revokeByGrantId`. DynamoDB's TTL deletes lazily, so every read also
 * checks `expiresAt` itself.
 */
export class DynamoOidcAdapter implements Adapter {
  private readonly table = mainTableName();

  constructor(private readonly model: string) {}

  private key(id: string) {
    return keys.oidc(this.model, this.hashed ? tokenDigest(id) : id);
  }

  private get hashed(): boolean {
    return HASHED_MODELS.has(this.model);
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const expiresAt = expiresIn ? Math.floor(Date.now() / 1000) + expiresIn : undefined;
    const item = {
      ...this.key(id),
      // A hashed model's payload must not carry the token either: its `jti` is the token.
      payload: JSON.stringify(this.hashed ? { ...payload, jti: undefined } : payload),
      ...(expiresAt ? { ttl: expiresAt, expiresAt } : {}),
      ...(payload.grantId ? keys.oidcByGrant(payload.grantId, this.model, id) : {}),
      ...(payload.uid ? keys.oidcByUid(payload.uid, this.model) : {}),
      ...(payload.userCode ? keys.oidcByUserCode(payload.userCode, this.model) : {}),
    };
    const joined = this.model === 'Grant' ? takePendingGrantWrites(id) : [];
    if (joined.length === 0) {
      await documents.send(new PutCommand({ TableName: this.table, Item: item }));
      return;
    }
    await transactWrite([{ Put: { TableName: this.table, Item: item } }, ...joined]);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    if (unknowable(id)) return undefined;
    const { Item } = await documents.send(
      new GetCommand({ TableName: this.table, Key: this.key(id), ConsistentRead: true }),
    );
    const payload = live(Item);
    // Found under the hash of the value presented, so that value is the token's id.
    if (payload && this.hashed) payload.jti = id;
    return payload;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    if (unknowable(uid)) return undefined;
    return this.findByIndex('gsi2', 'gsi2pk', keys.oidcByUid(uid).gsi2pk);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    if (unknowable(userCode)) return undefined;
    return this.findByIndex('gsi2', 'gsi2pk', keys.oidcByUserCode(userCode).gsi2pk);
  }

  /**
   * Marks a code or token used. Conditional, so of two concurrent redemptions of one
   * authorization code exactly one wins; the loser finds it consumed and is refused.
   */
  async consume(id: string): Promise<void> {
    if (unknowable(id)) throw new errors.InvalidGrant('grant request is invalid (already used or unknown)');
    await documents
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.key(id),
          UpdateExpression: 'SET #consumed = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#consumed)',
          ExpressionAttributeNames: { '#consumed': 'consumed' },
          ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
        }),
      )
      .catch((error: unknown) => {
        if (error instanceof ConditionalCheckFailedException) {
          throw new errors.InvalidGrant('grant request is invalid (already used or unknown)');
        }
        throw error;
      });
  }

  async destroy(id: string): Promise<void> {
    if (unknowable(id)) return;
    if (this.model === 'Grant') await revokeConsentOfGrant(id, await this.find(id));
    await documents.send(new DeleteCommand({ TableName: this.table, Key: this.key(id) }));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await deleteGrantRecords(grantId);
  }

  private async findByIndex(
    index: string,
    attribute: string,
    value: string,
  ): Promise<AdapterPayload | undefined> {
    const sortKey = `${index}sk`;
    const { Items } = await documents.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: index,
        KeyConditionExpression: `${attribute} = :value AND ${sortKey} = :model`,
        ExpressionAttributeValues: { ':value': value, ':model': this.model },
        Limit: 1,
      }),
    );
    return live(Items?.[0]);
  }
}

/** The stored payload, unless it has expired (TTL deletion lags by up to days). */
function live(item: Record<string, unknown> | undefined): AdapterPayload | undefined {
  if (!item) return undefined;
  if (typeof item.expiresAt === 'number' && item.expiresAt <= Math.floor(Date.now() / 1000)) return undefined;
  const payload = JSON.parse(item.payload as string) as AdapterPayload;
  if (typeof item.consumed === 'number') payload.consumed = item.consumed;
  return payload;
}
