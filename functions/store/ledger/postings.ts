import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { PostingItem } from '#domain/ledger/entities.ts';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';

/** A posting (journal record), read strongly consistent. */
export async function getPosting(postingId: string): Promise<PostingItem | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.posting(postingId), ConsistentRead: true }),
  );
  return Item as PostingItem | undefined;
}
