import type { AnswerSealing } from '#http/idempotency.ts';
import { openSecret, sealSecret } from '#runtime/webhook-secret-sealing.ts';

/** A stored answer sealed by {@link sealedAnswers}: the JSON of the answer, sealed as a webhook secret is. */
interface SealedAnswer {
  Sealed: string;
}

const isSealed = (stored: unknown): stored is SealedAnswer =>
  typeof (stored as SealedAnswer | null)?.Sealed === 'string';

/**
 * The answer to `POST /v1/webhook-endpoints` carries the new endpoint's `whsec_` secret, and the
 * idempotency record keeps that answer 24 h for retries: it is kept sealed like the endpoint's
 * own copy (envelope encryption, KMS in AWS), bound to the client and key, so the secret is
 * nowhere at rest in the clear.
 */
export const sealedAnswers: AnswerSealing = {
  async seal(body, context) {
    return { Sealed: await sealSecret(JSON.stringify(body), context) } satisfies SealedAnswer;
  },
  async open(stored, context) {
    // A record kept before answers were sealed is replayed as it was stored.
    return isSealed(stored) ? JSON.parse(await openSecret(stored.Sealed, context)) : stored;
  },
};
