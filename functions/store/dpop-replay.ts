import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documents, mainTableName } from './client.ts';
import { keys } from './keys.ts';
import type { ExtraWrite } from './transact.ts';

/**
 * Records a DPoP proof's `jti` for its key; false if it was seen before (a replay).
 * Kept a little longer than the accepted `iat` window, then DynamoDB's TTL removes it.
 */
export async function rememberProofJti(jkt: string, jti: string, keepSeconds: number): Promise<boolean> {
  try {
    await documents.send(new PutCommand(proofPut(jkt, jti, keepSeconds)));
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/** A proof id to record, marked with the request that records it (`by`). */
export interface ProofToRecord {
  jkt: string;
  jti: string;
  keepSeconds: number;
  /** Unique per request: tells this request's own record from another's use of the proof. */
  by: string;
}

function proofPut(jkt: string, jti: string, keepSeconds: number, by?: string) {
  return {
    TableName: mainTableName(),
    Item: {
      ...keys.dpopProof(jkt, jti),
      ttl: Math.floor(Date.now() / 1000) + keepSeconds,
      ...(by ? { by } : {}),
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

/**
 * The proof's record as a write of the request's own transaction, so recording it costs no
 * round trip of its own; `replayed` is the error when the proof was used before.
 */
export function proofJtiWrite(proof: ProofToRecord, replayed: () => Error): ExtraWrite {
  return {
    label: 'DPoP proof id',
    item: { Put: proofPut(proof.jkt, proof.jti, proof.keepSeconds, proof.by) },
    onConditionFailed: replayed,
  };
}

/**
 * Records the proof's id unless this very request already did (inside a transaction that
 * committed): false only when another request used the proof.
 */
export async function rememberProofJtiOnce(proof: ProofToRecord): Promise<boolean> {
  try {
    await documents.send(
      new PutCommand({
        ...proofPut(proof.jkt, proof.jti, proof.keepSeconds, proof.by),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    const existing = (error as { Item?: { by?: { S?: string } } }).Item;
    return existing?.by?.S === proof.by;
  }
}
