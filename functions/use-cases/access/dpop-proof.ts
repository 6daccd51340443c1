import { calculateJwkThumbprint, decodeProtectedHeader, EmbeddedJWK, type JWK, jwtVerify } from 'jose';
import { DomainError } from '#domain/errors.ts';
import { rememberProofJti } from '#store/dpop-replay.ts';
import { tokenHash } from './access-token.ts';

/** How far a proof's `iat` may stray from our clock (RFC 9449 leaves it to the server). */
export const DPOP_IAT_WINDOW_SECONDS = 60;
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

/**
 * Verifies a DPoP proof (RFC 9449 §4.3) for a protected-resource request: signature by the
 * embedded public key, `typ`, `htm`, `htu`, `iat` window, `ath`, the key matching the
 * token's `cnf.jkt`, and a `jti` never seen before for that key.
 */
export async function verifyDpopProof(input: DpopProofInput): Promise<void> {
  await recordProof(await checkDpopProof(input));
}

/** Records the proof's `jti` as used, or the 401 of a replay. One DynamoDB call. */
export async function recordProof(proof: CheckedProof): Promise<void> {
  if (!(await rememberProofJti(proof.jkt, proof.jti, proof.keepSeconds))) throw replayedProof();
}

/**
 * Every check of {@link verifyDpopProof} that needs no storage; the caller records the `jti`
 * ({@link recordProof}, or inside its own transaction) before it answers.
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
  if (!jwk || 'd' in jwk || 'p' in jwk || 'k' in jwk) throw invalid('DPoP proof must carry a public jwk');

  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, EmbeddedJWK, {
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
  if ((await calculateJwkThumbprint(jwk)) !== input.boundJkt) {
    throw invalid('DPoP proof key is not the key the access token is bound to');
  }
  return { jkt: input.boundJkt, jti: payload.jti, keepSeconds: KEEP_SECONDS };
}
