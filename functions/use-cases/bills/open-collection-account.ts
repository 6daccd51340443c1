import { COLLECTION_SHARDS } from '#domain/bills/collection.ts';
import { openCollectionAccount as open, type Partner } from '#store/bills/partners.ts';

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
