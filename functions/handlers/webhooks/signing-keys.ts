import { publicHandler } from '#http/public-handler.ts';
import { respond } from '#http/respond.ts';
import { webhookSigningKeys } from '#runtime/webhook-signing-keys.ts';

/** GET /v1/webhook-signing-keys: the public keys of the `v1a` (Ed25519) webhook signatures. */
export const handler = publicHandler(async (request) => {
  const { published } = await webhookSigningKeys();
  const keys = published.map((key) => ({
    KeyId: key.kid,
    Algorithm: 'Ed25519' as const,
    PublicKey: key.publicKey,
    Jwk: key.jwk,
  }));
  return {
    ...respond(request, 'WebhookSigningKeysResponse', { data: { Key: keys }, meta: { TotalPages: 1 } }),
    headers: { 'cache-control': 'public, max-age=300' },
  };
});
