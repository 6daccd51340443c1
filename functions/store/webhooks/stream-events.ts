import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import type { EventItem } from '../items.ts';
import { PK } from '../keys.ts';

/**
 * The client events newly written, from a batch of the table's stream records (the same
 * records whether Lambda's stream trigger or the local stream poller read them).
 */
export function eventsOfStreamRecords(records: readonly DynamoDBRecord[]): EventItem[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) return [];
    const item = unmarshall(image as Record<string, AttributeValue>) as Record<string, unknown>;
    if (item.type !== 'Event' || !String(item.pk).startsWith(PK.events)) return [];
    const { pk: _pk, sk: _sk, ...event } = item;
    return [event as unknown as EventItem];
  });
}
