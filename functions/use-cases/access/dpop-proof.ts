import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, type JWK, jwtVerify } from 'jose';
import { DomainError } from '#domain/errors.ts';
import {
  type ProofToRecord,
  proofJtiWrite,
  rememberProofJti,
  rememberProofJtiOnce,
} from '#store/dpop-replay.ts';
import type { ExtraWrite } from '#store/transact.ts';
import { tokenHash } from './access-token.ts';

/** How far a proof's `iat` may stray from our clock (RFC 9449 leaves it to the server). */
const DPOP_IAT_WINDOW_SECONDS = 60;
const ALGORITHMS = ['ES256', 'PS256'];

const invalid = (message: string, cause?: unknown) =>
  new DomainError('unauthenticated', 'VN.OB.Auth.InvalidDPoPProof', message, {
    challenge: 'invalid_dpop_proof',
    cause,
  });

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

/** A proof's public key, imported, and its RFC 7638 thumbprint. */
interface ProofKey {
  key: CryptoKey;
  thumbprint: string;
}

/** Keys of recent proofs: a client signs every proof with one key, imported once (about 0.3 ms each). */
const proofKeys = new Map<string, ProofKey>();
const MAX_PROOF_KEYS = 1_000;

/**
 * The proof's embedded key as jose's `EmbeddedJWK` imports it (a public key for `alg`), and its
 * thumbprint; cached by the exact JWK and `alg`, so a cached key is the one an import of the
 * same header would give.
 */
async function proofKey(jwk: JWK, alg: string): Promise<ProofKey> {
  const id = `${alg} ${JSON.stringify(jwk)}`;
  const known = proofKeys.get(id);
  if (known) return known;
  const key = await importJWK({ ...jwk, ext: true }, alg);
  if (key instanceof Uint8Array || key.type !== 'public')
    throw new Error('"jwk" (JSON Web Key) Header Parameter must be a public key');
  const imported = { key, thumbprint: await calculateJwkThumbprint(jwk) };
  // Oldest first out: a bound on memory, not a policy (a miss only costs an import).
  if (proofKeys.size >= MAX_PROOF_KEYS) proofKeys.delete(proofKeys.keys().next().value!);
  proofKeys.set(id, imported);
  return imported;
}

/**
 * Every check of a DPoP proof (RFC 9449 §4.3) for a protected-resource request that needs no
 * storage: signature by the embedded public key, `typ`, `htm`, `htu`, `iat` window, `ath`, the
 * key matching the token's `cnf.jkt`. The caller records the `jti` (never seen before for that
 * key: {@link recordProof}, or inside its own transaction) before it answers.
 */
export async function checkDpopProof(input: DpopProofInput): Promise<CheckedProof> {
  const { proof } = input;
  if (!proof) throw invalid('DPoP proof header is missing');
  if (proof.split('.').length !== 3) throw invalid('DPoP proof is not a compact JWS');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch (cause) {
    throw invalid('DPoP proof header cannot be decoded', cause);
  }
  if (header.typ !== 'dpop+jwt') throw invalid("DPoP proof typ must be 'dpop+jwt'");
  if (!header.alg || !ALGORITHMS.includes(header.alg))
    throw invalid(`DPoP proof alg must be one of ${ALGORITHMS.join(', ')}`);
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk) || 'd' in jwk || 'p' in jwk || 'k' in jwk)
    throw invalid('DPoP proof must carry a public jwk');

  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  let payload: Record<string, unknown>;
  let key: ProofKey;
  try {
    key = await proofKey(jwk, header.alg);
    ({ payload } = await jwtVerify(proof, key.key, {
      typ: 'dpop+jwt',
      algorithms: ALGORITHMS,
      currentDate: new Date(nowSeconds * 1000),
    }));
  } catch (cause) {
    throw invalid(`DPoP proof signature rejected: ${(cause as Error).message}`, cause);
  }
  if (payload.htm !== input.method) throw invalid(`DPoP proof htm must be ${input.method}`);
  if (payload.htu !== htuOf(input.url)) throw invalid(`DPoP proof htu must be ${htuOf(input.url)}`);
  if (typeof payload.iat !== 'number' || Math.abs(nowSeconds - payload.iat) > DPOP_IAT_WINDOW_SECONDS) {
    throw invalid(`DPoP proof iat must be within ${DPOP_IAT_WINDOW_SECONDS} s of now`);
  }
  if (typeof payload.jti !== 'string' || payload.jti.length === 0 || payload.jti.length > 256) {
    throw invalid('DPoP proof needs a unique jti');
  }
  if (payload.ath !== tokenHash(input.accessToken))
    throw invalid('DPoP proof ath does not match the access token');
  if (key.thumbprint !== input.boundJkt) {
    throw invalid('DPoP proof key is not the key the access token is bound to');
  }
  return { jkt: input.boundJkt, jti: payload.jti, keepSeconds: KEEP_SECONDS };
}
