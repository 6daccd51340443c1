import { importJWK, type JWTPayload, SignJWT } from 'jose';
import { DOCUMENT_ALG, documentKeys } from '#runtime/document-keys.ts';

let signer: Promise<{ kid: string; key: CryptoKey | Uint8Array }> | undefined;

/** The current document key (the first of the set), imported once per cold start. */
function currentKey() {
  signer ??= documentKeys().then(async ({ keys }) => {
    const jwk = keys[0]!;
    return { kid: jwk.kid!, key: await importJWK(jwk, DOCUMENT_ALG) };
  });
  return signer;
}

/**
 * Signs a document the bank issues (a bill receipt, a checkout's result) as a compact JWS with
 * the document key, whose public half is in the platform's JWKS under `kid`. `typ` names the
 * kind of document, so that a verifier never accepts one kind for another.
 *
 * @example await signDocument({ iss, sub: 'bill-1', iat }, 'vn-ob-receipt+jwt') // 'eyJhbGciOiJFZERTQSIs…'
 */
export async function signDocument(claims: JWTPayload, typ: string): Promise<string> {
  const { kid, key } = await currentKey();
  return new SignJWT(claims).setProtectedHeader({ alg: DOCUMENT_ALG, kid, typ }).sign(key);
}
