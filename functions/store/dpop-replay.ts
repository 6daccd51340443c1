import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, mainTableName } from './client.ts';
import { keys } from './keys.ts';

/**
 * Records a DPoP proof's `jti` for its key; false if it was seen before (a replay).
 * Kept a little longer than the accepted `iat` window, then DynamoDB's TTL removes it.
 */
export async function rememberProofJti(jkt: string, jti: string, keepSeconds: number): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        TableName: mainTableName(),
        Item: { ...keys.dpopProof(jkt, jti), ttl: Math.floor(Date.now() / 1000) + keepSeconds },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
