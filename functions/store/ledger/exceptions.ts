import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import type { OpsException } from '#domain/ledger/exceptions.ts';
import { documents, mainTableName } from '../client.ts';
import { keys, opsExceptionsPartition } from '../keys.ts';
import type { ExtraWrite } from '../transact.ts';

/** An exception for the operations desk, as a write of the transaction that books its posting. */
export function opsExceptionPut(exception: OpsException): ExtraWrite {
  return {
    label: 'operations exception',
    item: {
      Put: {
        TableName: mainTableName(),
        Item: {
          ...keys.opsException(exception.exceptionId),
          ...keys.opsExceptionsOfDay(
            bookingDayOf(exception.occurredAt),
            exception.occurredAt,
            exception.exceptionId,
          ),
          type: 'OpsException',
          ...exception,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** The operations exceptions of one business day (Vietnam time), oldest first. */
export async function listOpsExceptions(day: string): Promise<OpsException[]> {
  const found: OpsException[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: mainTableName(),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :day',
        ExpressionAttributeValues: { ':day': opsExceptionsPartition(day) },
        ExclusiveStartKey: start,
      }),
    );
    found.push(...((page.Items ?? []) as OpsException[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}
