import { randomUUID } from 'node:crypto';
import { base64url, exportJWK, SignJWT } from 'jose';
import { expect } from 'vitest';
import { tokenHash } from '../../functions/use-cases/access/access-token.ts';

/** A DPoP proof made by hand, so tests can break any one of its parts. */
export async function dpopProof(
  keys: CryptoKeyPair,
  claims: { htm: string; htu: string; accessToken?: string; iat?: number; jti?: string; ath?: string },
): Promise<string> {
  const jwk = await exportJWK(keys.publicKey);
  return new SignJWT({
    htm: claims.htm,
    htu: claims.htu,
    jti: claims.jti ?? randomUUID(),
    ...(claims.ath !== undefined
      ? { ath: claims.ath }
      : claims.accessToken
        ? { ath: await tokenHash(claims.accessToken) }
        : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
    .setIssuedAt(claims.iat ?? Math.floor(Date.now() / 1000))
    .sign(keys.privateKey);
}

/** A private_key_jwt client assertion made by hand (RFC 7523). */
export async function clientAssertion(
  key: CryptoKey,
  claims: { clientId: string; aud: string; exp?: number; iat?: number },
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(claims.clientId)
    .setSubject(claims.clientId)
    .setAudience(claims.aud)
    .setJti(randomUUID())
    .setIssuedAt(claims.iat ?? now)
    .setNotBefore(claims.iat ?? now)
    .setExpirationTime(claims.exp ?? now + 60)
    .sign(key);
}

/** An unsecured JWT (`alg: none`), which must never be accepted. */
export function unsignedJwt(payload: Record<string, unknown>): string {
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  return `${encode({ alg: 'none' })}.${encode(payload)}.`;
}

/** POSTs a form to the token endpoint (or any OAuth endpoint) and returns status and JSON. */
export async function postForm(
  url: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

/** The same compact JWS with one byte of its signature flipped: header and claims untouched. */
export function withSignatureByteFlipped(jws: string, index: number): string {
  const [header, payload, signature] = jws.split('.') as [string, string, string];
  const bytes = base64url.decode(signature);
  bytes[index]! ^= 0x01;
  return `${header}.${payload}.${base64url.encode(bytes)}`;
}

/** What `act` was refused with, its code and message; fails the test if it was not refused. */
export async function refusal(act: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const error = await act.then(
    () => undefined,
    (thrown: { code?: string; message: string }) => thrown,
  );
  expect(error, 'expected a refusal').toBeDefined();
  return { code: error!.code, message: error!.message };
}
