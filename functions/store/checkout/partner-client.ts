import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documents, mainTableName } from '../client.ts';
import { keys } from '../keys.ts';

/** What the checkout needs of a partner's registration (RFC 7591 metadata). */
export interface PartnerClient {
  clientId: string;
  /** `client_name`, or the id. */
  name: string;
  /** `logo_uri`, when registered (https only: registration refuses anything else). */
  logoUri?: string;
  redirectUris: string[];
}

/** A registered client's name, logo and redirect URIs; undefined when no such client. */
export async function getPartnerClient(clientId: string): Promise<PartnerClient | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: mainTableName(), Key: keys.oidc('Client', clientId) }),
  );
  return partnerClientOfItem(clientId, Item);
}

/** A client record (`OIDC#Client#<id>`) as what the checkout needs of it; undefined when none. */
export function partnerClientOfItem(
  clientId: string,
  Item: Record<string, unknown> | undefined,
): PartnerClient | undefined {
  if (!Item?.payload) return undefined;
  const metadata = JSON.parse(Item.payload as string) as {
    client_name?: string;
    logo_uri?: string;
    redirect_uris?: string[];
  };
  return {
    clientId,
    name: metadata.client_name ?? clientId,
    ...(metadata.logo_uri ? { logoUri: metadata.logo_uri } : {}),
    redirectUris: metadata.redirect_uris ?? [],
  };
}
