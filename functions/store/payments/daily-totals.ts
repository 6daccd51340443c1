import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';
import type { ExtraWrite } from '../transact.ts';

/**
 * A customer's running total of outgoing payments per Vietnam business day, the figure the
 * daily limit of Decision 2345/QĐ-NHNN applies to: `PAYDAY#<customerId>#<day> / PAYDAY`.
 * It changes only inside the transaction that books (or returns) a payment, so it is exact,
 * and a payment authorised without the step-up carries its limit as the write's condition:
 * concurrent payments can never add up past it unnoticed. Kept a few days, then expired.
 */
interface DailyTotalItem {
  type: 'PaymentDailyTotal';
  customerId: string;
  /** `YYYY-MM-DD`, Vietnam time. */
  day: string;
  /** Whole VND booked out today (payments returned by the receiving bank taken off). */
  total: number;
  ttl: number;
}

/** Days a total is kept after its day, for support staff answering "why was I asked for biometrics?". */
const KEEP_DAYS = 7;

function expiry(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00+07:00`) / 1000) + (KEEP_DAYS + 1) * 86_400;
}

/** What the customer has booked out on `day` (0 when nothing). */
export async function bookedToday(customerId: string, day: string): Promise<number> {
  const { Item } = await documents.send(
    new GetCommand({
      TableName: mainTableName(),
      Key: keys.dailyTotal(customerId, day),
      ConsistentRead: true,
    }),
  );
  return (Item as DailyTotalItem | undefined)?.total ?? 0;
}

/**
 * Adds `amount` (negative to take a returned payment off) to the day's total, as a write of
 * the booking transaction. With `headroom`, the write holds only if the total before it is at
 * most that much; otherwise the whole transaction is cancelled with `onExceeded()`.
 */
export function dailyTotalChange(input: {
  customerId: string;
  day: string;
  amount: number;
  headroom?: number;
  onExceeded?: () => Error;
}): ExtraWrite {
  const limited = input.headroom !== undefined;
  return {
    label: "customer's daily total",
    item: {
      Update: {
        TableName: mainTableName(),
        Key: keys.dailyTotal(input.customerId, input.day),
        UpdateExpression:
          'ADD #total :amount SET #type = :type, customerId = :customer, #day = :day, #ttl = :ttl',
        ...(limited ? { ConditionExpression: 'attribute_not_exists(#total) OR #total <= :headroom' } : {}),
        ExpressionAttributeNames: { '#total': 'total', '#type': 'type', '#day': 'day', '#ttl': 'ttl' },
        ExpressionAttributeValues: {
          ':amount': input.amount,
          ':type': 'PaymentDailyTotal',
          ':customer': input.customerId,
          ':day': input.day,
          ':ttl': expiry(input.day),
          ...(limited ? { ':headroom': input.headroom } : {}),
        },
      },
    },
    ...(input.onExceeded ? { onConditionFailed: input.onExceeded } : {}),
  };
}
