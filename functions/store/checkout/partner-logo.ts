import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LogoContentType, PartnerLogo } from '#domain/checkout/partner-logo.ts';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';

/** A stored logo item as a logo (undefined when none). */
export function logoOfItem(item: Record<string, unknown> | undefined): PartnerLogo | undefined {
  if (!item) return undefined;
  return { contentType: item.contentType as LogoContentType, data: item.data as string };
}

/** Sets (or replaces) a partner's logo: a plain put, so the same PUT twice leaves the same item. */
export async function putPartnerLogo(clientId: string, logo: PartnerLogo, now: Date): Promise<void> {
  await documents.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: {
        ...keys.partnerLogo(clientId),
        contentType: logo.contentType,
        data: logo.data,
        updatedAt: now.toISOString(),
      },
    }),
  );
}

/** A partner's logo, if set. */
export async function getPartnerLogo(clientId: string): Promise<PartnerLogo | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.partnerLogo(clientId), ConsistentRead: true }),
  );
  return logoOfItem(Item);
}

/** Removes a partner's logo (nothing happens when none is set). */
export async function deletePartnerLogo(clientId: string): Promise<void> {
  await documents.send(new DeleteCommand({ TableName: mainTableName(), Key: keys.partnerLogo(clientId) }));
}
