import { randomUUID } from 'node:crypto';
import {
  type ProofToRecord,
  proofJtiWrite,
  rememberProofJti,
  rememberProofJtiOnce,
} from '#store/dpop-replay.ts';
import type { ExtraWrite } from '#store/transact.ts';
import { tokenHash } from './access-token.ts';
import { invalidProof as invalid, openProof } from './dpop-jws.ts';

/** How far a proof's `iat` may stray from our clock (RFC 9449 leaves it to the server). */
const DPOP_IAT_WINDOW_SECONDS = 60;

/** The URI a proof's `htu` must name: the request URL without query or fragment (RFC 9449 §4.3). */
function htuOf(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

/** What a protected request presents as its DPoP proof. */
export interface DpopProofInput {
  proof: string | undefined;
  method: string;
  url: URL;
  accessToken: string;
  boundJkt: string;
  now?: number;
}

/** A proof that passed every check but one: its `jti` is still to be recorded as used. */
export interface CheckedProof {
  jkt: string;
  jti: string;
  /** How long the record must outlive the proof's acceptance window. */
  keepSeconds: number;
}

/** How long a proof's `jti` is remembered: a little longer than any `iat` we accept. */
const KEEP_SECONDS = 2 * DPOP_IAT_WINDOW_SECONDS + 60;

/** 401: the proof's `jti` was seen before for this key. */
const replayedProof = () => invalid('DPoP proof jti was already used; make a fresh proof for every request');

/** Records the proof's `jti` as used, or the 401 of a replay. One DynamoDB call. */
export async function recordProof(proof: CheckedProof): Promise<void> {
  if (!(await rememberProofJti(proof.jkt, proof.jti, proof.keepSeconds))) throw replayedProof();
}

/**
 * A checked proof whose `jti` the request's own transaction records (no round trip of its own);
 * on any path where that transaction does not commit, {@link recordPendingProof} records it
 * before the answer.
 */
export type PendingProof = ProofToRecord;

/** Defers recording a checked proof to the request's transaction. */
export const pendingProof = (proof: CheckedProof): PendingProof => ({ ...proof, by: randomUUID() });

/** The pending proof's record, as a write of the request's transaction (a replay fails it: 401). */
export const pendingProofWrite = (proof: PendingProof): ExtraWrite => proofJtiWrite(proof, replayedProof);

/** Records a pending proof unless the request's transaction already did; a replay is a 401. */
export async function recordPendingProof(proof: PendingProof): Promise<void> {
  if (!(await rememberProofJtiOnce(proof))) throw replayedProof();
}

/**
 * Every check of a DPoP proof (RFC 9449 §4.3) for a protected-resource request that needs no
 * storage: `typ`, `alg`, a public embedded key and the signature by it ({@link openProof}),
 * `htm`, `htu`, `iat` window, `ath`, the key matching the token's `cnf.jkt`. The caller records
 * the `jti` (never seen before for that key: {@link recordProof}, or inside its own transaction)
 * before it answers.
 */
export async function checkDpopProof(input: DpopProofInput): Promise<CheckedProof> {
  const { proof } = input;
  if (!proof) throw invalid('DPoP proof header is missing');
  const { payload, thumbprint } = await openProof(proof);
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  checkTimes(payload, nowSeconds);
  if (payload.htm !== input.method) throw invalid(`DPoP proof htm must be ${input.method}`);
  if (payload.htu !== htuOf(input.url)) throw invalid(`DPoP proof htu must be ${htuOf(input.url)}`);
  if (typeof payload.iat !== 'number' || Math.abs(nowSeconds - payload.iat) > DPOP_IAT_WINDOW_SECONDS) {
    throw invalid(`DPoP proof iat must be within ${DPOP_IAT_WINDOW_SECONDS} s of now`);
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) {
    throw invalid('DPoP proof needs a unique jti');
  }
  if (payload.ath !== (await tokenHash(input.accessToken)))
    throw invalid('DPoP proof ath does not match the access token');
  if (thumbprint !== input.boundJkt) {
    throw invalid('DPoP proof key is not the key the access token is bound to');
  }
  return { jkt: input.boundJkt, jti: payload.jti, keepSeconds: KEEP_SECONDS };
}

/** A proof that also carries `exp` or `nbf` must honour them, as any JWT (RFC 7519 §4.1.4, §4.1.5). */
function checkTimes(payload: Record<string, unknown>, nowSeconds: number): void {
  const { exp, nbf } = payload;
  if (exp !== undefined && (typeof exp !== 'number' || exp <= nowSeconds))
    throw invalid('DPoP proof has expired (exp)');
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds))
    throw invalid('DPoP proof is not valid yet (nbf)');
}
