import { COLLECTION_SHARDS } from '#domain/bills/collection.ts';
import { billErrors } from '#domain/bills/errors.ts';
import { openCollectionAccount as open, type Partner } from '#store/bills/partners.ts';
import { registeredClient } from '#store/oidc-records.ts';

/**
 * Gives a city partner its collection account (sharded {@link COLLECTION_SHARDS} ways unless
 * told otherwise): at registration in sandbox, by an operator's command otherwise. Idempotent.
 */
export function openCollectionAccount(input: {
  clientId: string;
  name: string;
  shards?: number;
}): Promise<Partner> {
  return open({ clientId: input.clientId, name: input.name, shards: input.shards ?? COLLECTION_SHARDS });
}

/**
 * The operator's command outside sandbox (`npm run operator -- collection-account assign`):
 * checks the client is registered and is a city partner (scope `bills`) before anything is
 * written, then opens its collection account, named as given or as the client registered.
 * Assigning again returns the account already assigned, unchanged.
 */
export async function assignCollectionAccount(input: {
  clientId: string;
  name?: string;
  shards?: number;
}): Promise<Partner> {
  const client = await registeredClient(input.clientId);
  if (!client) throw billErrors.unknownClient(input.clientId);
  if (!client.scopes.includes('bills')) throw billErrors.notACityPartner(input.clientId, client.scopes);
  return openCollectionAccount({
    clientId: input.clientId,
    name: input.name ?? client.name,
    ...(input.shards !== undefined ? { shards: input.shards } : {}),
  });
}
