import { pendingProofWrite } from '#use-cases/access/dpop-proof.ts';
import type { ExtraWrite } from '#use-cases/requests/idempotency-key.ts';
import type { ApiRequest } from './request.ts';

/**
 * The chain's own writes for the handler to put into its use case's transaction: the DPoP
 * proof's id on `proof: 'use-case'` routes (none elsewhere). A handler that takes them must
 * commit that transaction or throw; the chain records the proof itself on every other path.
 */
export function chainWritesInTransaction(request: ApiRequest): ExtraWrite[] {
  if (!request.proof) return [];
  request.proofInTransaction = true;
  return [pendingProofWrite(request.proof)];
}
