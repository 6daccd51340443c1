import type { ClientLimits } from '#domain/rate-limits.ts';
import { oidcModelPrefix, PK } from './keys.ts';

/** A change of the table that changes whose usage API Gateway must count, and how. */
export type UsageChange =
  | { kind: 'client-registered'; clientId: string }
  | { kind: 'client-deleted'; clientId: string }
  | { kind: 'limits-set'; clientId: string; limits: ClientLimits }
  | { kind: 'limits-cleared'; clientId: string };

/** A DynamoDB stream record, as much of it as is read here (the table streams new and old images). */
export interface TableChange {
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  dynamodb?:
    | {
        Keys?: Record<string, StreamValue> | undefined;
        NewImage?: Record<string, StreamValue> | undefined;
      }
    | undefined;
}

type StreamValue = { S?: string | undefined; N?: string | undefined };

const CLIENT_RECORD = oidcModelPrefix('Client');
const LIMITS_SORT_KEY = /^CLIENT#(.+)$/;

/**
 * What a batch of table changes means for usage plans: a client registered or deleted (through
 * oidc-provider's registration, RFC 7591/7592), an operator's limits set or cleared. Changes
 * to other items, and updates of a client's metadata, mean nothing here.
 */
export function usageChangesOf(records: readonly TableChange[]): UsageChange[] {
  const changes: UsageChange[] = [];
  for (const record of records) {
    const pk = record.dynamodb?.Keys?.pk?.S ?? '';
    const sk = record.dynamodb?.Keys?.sk?.S ?? '';
    if (pk.startsWith(CLIENT_RECORD)) {
      const clientId = pk.slice(CLIENT_RECORD.length);
      if (record.eventName === 'INSERT') changes.push({ kind: 'client-registered', clientId });
      if (record.eventName === 'REMOVE') changes.push({ kind: 'client-deleted', clientId });
      continue;
    }
    const limitsOf = pk === PK.clientLimits ? LIMITS_SORT_KEY.exec(sk) : null;
    if (!limitsOf) continue;
    const clientId = limitsOf[1]!;
    if (record.eventName === 'REMOVE') {
      changes.push({ kind: 'limits-cleared', clientId });
      continue;
    }
    const image = record.dynamodb?.NewImage ?? {};
    const limits = {
      ratePerSecond: Number(image.ratePerSecond?.N),
      burst: Number(image.burst?.N),
      dailyQuota: Number(image.dailyQuota?.N),
    };
    changes.push({ kind: 'limits-set', clientId, limits });
  }
  return changes;
}
