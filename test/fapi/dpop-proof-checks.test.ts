import { createHash, randomUUID } from 'node:crypto';
import { base64url, calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../../functions/use-cases/access/access-token.ts';
import { checkDpopProof, recordProof } from '../../functions/use-cases/access/dpop-proof.ts';
import { refusal, withSignatureByteFlipped } from '../helpers/crafted.ts';

/**
 * The DPoP proof checks after the proof's header (and its imported key) is cached: every
 * refusal still refuses, with its code, whatever was accepted before under the same header.
 */
describe.each(['ES256', 'PS256'] as const)('DPoP proof checks with a cached header (%s)', (alg) => {
  const url = new URL('https://bank.example/v1/aisp/accounts/acc-1');
  const accessToken = `token-${randomUUID()}`;
  let keys: CryptoKeyPair;
  let jwk: JWK;
  let jkt: string;

  async function sign(
    claims: Record<string, unknown> = {},
    signWith: CryptoKey = keys.privateKey,
    header: Record<string, unknown> = {},
  ) {
    return new SignJWT({
      htm: 'GET',
      htu: url.href,
      jti: randomUUID(),
      ath: await tokenHash(accessToken),
      ...claims,
    })
      .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk, ...header })
      .setIssuedAt(typeof claims.iat === 'number' ? claims.iat : undefined)
      .sign(signWith);
  }

  const check = (proof: string, overrides: Partial<Parameters<typeof checkDpopProof>[0]> = {}) =>
    checkDpopProof({ proof, method: 'GET', url, accessToken, boundJkt: jkt, ...overrides });

  beforeAll(async () => {
    // Prepare: the key's header is checked and cached by a first good proof.
    keys = await generateKeyPair(alg, { extractable: true });
    jwk = await exportJWK(keys.publicKey);
    jkt = await calculateJwkThumbprint(jwk);
    await check(await sign());
  });

  it('accepts a fresh proof under the cached header (control case)', async () => {
    const checked = await check(await sign());
    expect(checked.jkt).toBe(jkt);
  });

  it.each([
    ['wrong htm', { htm: 'POST' }, 'htm'],
    ['wrong htu', { htu: 'https://bank.example/v1/aisp/accounts/acc-2' }, 'htu'],
    ['stale iat', { iat: Math.floor(Date.now() / 1000) - 300 }, 'iat'],
    ['iat in the future', { iat: Math.floor(Date.now() / 1000) + 300 }, 'iat'],
    [
      'ath of another token',
      { ath: createHash('sha256').update('another token').digest('base64url') },
      'ath',
    ],
    ['no jti', { jti: undefined }, 'jti'],
    ['exp passed', { exp: Math.floor(Date.now() / 1000) - 1 }, 'exp'],
  ])('refuses a proof with %s', async (_label, claims, named) => {
    const result = await refusal(check(await sign(claims)));
    expect(result.code).toBe('VN.OB.Auth.InvalidDPoPProof');
    expect(result.message).toContain(named);
  });

  it('refuses a replayed jti (recorded in DynamoDB)', async () => {
    // Prepare
    const proof = await sign();
    await recordProof(await check(proof));

    // Act
    const result = await refusal(check(proof).then(recordProof));

    // Assess
    expect(result.code).toBe('VN.OB.Auth.InvalidDPoPProof');
    expect(result.message).toContain('jti');
  });

  it('refuses a proof under the cached header signed by another key', async () => {
    // Prepare: the header text is byte for byte the cached one; only the signer differs.
    const stranger = await generateKeyPair(alg);
    const forged = await sign({}, stranger.privateKey);
    expect(forged.split('.')[0]).toBe((await sign()).split('.')[0]);

    // Act
    const result = await refusal(check(forged));

    // Assess
    expect(result.code).toBe('VN.OB.Auth.InvalidDPoPProof');
    expect(result.message).toContain('signature');
  });

  it('refuses a proof under the cached header with one signature byte flipped', async () => {
    // Prepare
    const flipped = withSignatureByteFlipped(await sign(), 10);

    // Act
    const result = await refusal(check(flipped));

    // Assess
    expect(result.code).toBe('VN.OB.Auth.InvalidDPoPProof');
    expect(result.message).toContain('signature');
  });

  it('refuses claims swapped under a good header and signature', async () => {
    // Prepare: a signed proof for POST; its payload replaced by a GET one, signature kept.
    const [header, , signature] = (await sign({ htm: 'POST' })).split('.');
    const payload = (await sign()).split('.')[1];

    // Act
    const result = await refusal(check(`${header}.${payload}.${signature}`));

    // Assess
    expect(result.code).toBe('VN.OB.Auth.InvalidDPoPProof');
    expect(result.message).toContain('signature');
  });

  it('refuses a proof whose key is not the one the token is bound to', async () => {
    const other = await generateKeyPair(alg, { extractable: true });
    const result = await refusal(
      check(await sign(), { boundJkt: await calculateJwkThumbprint(await exportJWK(other.publicKey)) }),
    );
    expect(result.code).toBe('VN.OB.Auth.InvalidDPoPProof');
    expect(result.message).toContain('not the key');
  });

  it.each([
    ['typ', { typ: 'JWT' }, 'typ'],
    ['a private jwk', { jwkPrivate: true }, 'public jwk'],
    ['crit parameters', { crit: ['urn:example:ext'], 'urn:example:ext': 1 }, 'crit'],
    ['a jwk for another alg', { jwkAlg: alg === 'ES256' ? 'ES384' : 'PS384' }, 'jwk'],
  ])('refuses a header with %s', async (_label, change, named) => {
    // Prepare
    const { jwkPrivate, jwkAlg, ...header } = change as Record<string, unknown>;
    const embedded: JWK = jwkPrivate
      ? await exportJWK(keys.privateKey)
      : jwkAlg
        ? { ...jwk, alg: jwkAlg as string }
        : jwk;
    const proof = await new SignJWT({
      htm: 'GET',
      htu: url.href,
      jti: randomUUID(),
      ath: await tokenHash(accessToken),
    })
      .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk: embedded, ...header })
      .setIssuedAt()
      .sign(keys.privateKey, { crit: { 'urn:example:ext': true } });

    // Act
    const result = await refusal(check(proof));

    // Assess
    expect(result.code).toBe('VN.OB.Auth.InvalidDPoPProof');
    expect(result.message).toContain(named);
  });

  it('refuses an unsigned proof (alg none) naming the cached key', async () => {
    const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
    const payload = {
      htm: 'GET',
      htu: url.href,
      jti: randomUUID(),
      ath: await tokenHash(accessToken),
      iat: Math.floor(Date.now() / 1000),
    };
    const unsigned = `${encode({ alg: 'none', typ: 'dpop+jwt', jwk })}.${encode(payload)}.`;
    const result = await refusal(check(unsigned));
    expect(result.code).toBe('VN.OB.Auth.InvalidDPoPProof');
  });
});
