import {
  constants,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
  type VerifyKeyObjectInput,
  verify,
} from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { DomainError } from '#domain/errors.ts';

/** 401 with an `invalid_dpop_proof` challenge (RFC 9449 §7.1). */
export const invalidProof = (message: string, cause?: unknown) =>
  new DomainError('unauthenticated', 'VN.OB.Auth.InvalidDPoPProof', message, {
    challenge: 'invalid_dpop_proof',
    cause,
  });

/** The algorithms a proof may use, with node:crypto's way to check each (JWA, RFC 7518 §3.4, §3.5). */
const ALGORITHMS = {
  // A JWS carries an ECDSA signature as r‖s, not DER.
  ES256: { kty: 'EC', options: { dsaEncoding: 'ieee-p1363' } },
  // RSASSA-PSS with MGF1 and a salt as long as the hash (SHA-256: 32 bytes).
  PS256: { kty: 'RSA', options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 } },
} satisfies Record<string, { kty: string; options: Omit<VerifyKeyObjectInput, 'key'> }>;
type Algorithm = keyof typeof ALGORITHMS;
const ALGORITHM_NAMES = Object.keys(ALGORITHMS).join(', ');

/** A proof header that passed its checks: how to verify its signatures (key, alg's options), the key's thumbprint. */
interface ProofHeader {
  verifyWith: VerifyKeyObjectInput;
  thumbprint: string;
}

/**
 * Headers of recent proofs, by their exact base64url text: a client signs every proof with one
 * key, so its header text repeats, and its checks and key import (about 0.3 ms) are done once.
 * The text is what the signature covers, so a hit is the very header that was checked.
 */
const headers = new Map<string, ProofHeader>();
const MAX_HEADERS = 1_000;
/** Longer headers are checked every time (a bound on the cache's memory); an RSA-4096 key's is about 1 KB. */
const MAX_CACHED_HEADER_CHARS = 2_048;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** A JSON object from a base64url part of the JWS, or undefined. */
function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The embedded key, public and fit for `alg` (a P-256 key for ES256, RSA of 2048 bits or more for PS256). */
function publicKeyOf(jwk: JWK, alg: Algorithm): KeyObject {
  if (jwk.kty !== ALGORITHMS[alg].kty)
    throw invalidProof(`DPoP proof jwk must be an ${ALGORITHMS[alg].kty} key for ${alg}`);
  if (jwk.alg !== undefined && jwk.alg !== alg)
    throw invalidProof(`DPoP proof jwk is for ${jwk.alg}, not ${alg}`);
  if (jwk.use !== undefined && jwk.use !== 'sig') throw invalidProof('DPoP proof jwk is not a signing key');
  if (jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes('verify')))
    throw invalidProof('DPoP proof jwk is not a verification key');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (cause) {
    throw invalidProof('DPoP proof jwk is not a valid key', cause);
  }
  const details = key.asymmetricKeyDetails ?? {};
  const fit =
    alg === 'ES256'
      ? key.asymmetricKeyType === 'ec' && details.namedCurve === 'prime256v1'
      : key.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) >= 2048;
  if (!fit) throw invalidProof(`DPoP proof jwk is not a key ${alg} may use`);
  return key;
}

/** Every check of a proof's protected header (`typ`, `alg`, no `crit`, a public `jwk`), and its key. */
async function checkHeader(text: string): Promise<ProofHeader> {
  const header = jsonObject(text);
  if (!header) throw invalidProof('DPoP proof header cannot be decoded');
  if (header.typ !== 'dpop+jwt') throw invalidProof("DPoP proof typ must be 'dpop+jwt'");
  if (typeof header.alg !== 'string' || !Object.hasOwn(ALGORITHMS, header.alg))
    throw invalidProof(`DPoP proof alg must be one of ${ALGORITHM_NAMES}`);
  // No extension is understood here, so none may be critical (RFC 7515 §4.1.11).
  if (header.crit !== undefined) throw invalidProof('DPoP proof header names crit parameters');
  const jwk = header.jwk as JWK | undefined;
  if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk) || 'd' in jwk || 'p' in jwk || 'k' in jwk)
    throw invalidProof('DPoP proof must carry a public jwk');
  const alg = header.alg as Algorithm;
  const key = publicKeyOf(jwk, alg);
  return {
    verifyWith: { key, ...ALGORITHMS[alg].options },
    thumbprint: await calculateJwkThumbprint(jwk),
  };
}

async function knownHeader(text: string): Promise<ProofHeader> {
  const known = headers.get(text);
  if (known) return known;
  const checked = await checkHeader(text);
  if (text.length <= MAX_CACHED_HEADER_CHARS) {
    // Oldest first out: a bound on memory, not a policy (a miss only costs the checks again).
    if (headers.size >= MAX_HEADERS) headers.delete(headers.keys().next().value!);
    headers.set(text, checked);
  }
  return checked;
}

/** A proof whose header and signature are good: its claims, not yet checked, and its key's thumbprint. */
export interface SignedProof {
  payload: Record<string, unknown>;
  thumbprint: string;
}

/**
 * Opens a DPoP proof as a compact JWS: checks its header (from cache when the same header text
 * was checked before) and verifies its signature by the embedded key, on every call, with
 * node:crypto's one-shot `verify`. Its claims are the caller's to check.
 */
export async function openProof(proof: string): Promise<SignedProof> {
  const parts = proof.split('.');
  if (parts.length !== 3 || !parts.every((part) => BASE64URL.test(part)))
    throw invalidProof('DPoP proof is not a compact JWS');
  const [headerText, payloadText, signatureText] = parts as [string, string, string];
  const header = await knownHeader(headerText);
  let good: boolean;
  try {
    const signed = Buffer.from(`${headerText}.${payloadText}`, 'ascii');
    good = verify('sha256', signed, header.verifyWith, Buffer.from(signatureText, 'base64url'));
  } catch (cause) {
    throw invalidProof('DPoP proof signature rejected: signature verification failed', cause);
  }
  if (!good) throw invalidProof('DPoP proof signature rejected: signature verification failed');
  const payload = jsonObject(payloadText);
  if (!payload) throw invalidProof('DPoP proof claims are not a JSON object');
  return { payload, thumbprint: header.thumbprint };
}
