import { importJWK, type JWK } from 'jose';

/** A client's private signing key: the private JWK `npm start` writes under `.data/clients/`, or a `CryptoKey`. */
export type PrivateKeyInput = JWK | CryptoKey;

/** The signing key with its JWS algorithm and key id, as private_key_jwt needs it. */
export interface SigningKey {
  key: CryptoKey;
  alg: 'ES256' | 'PS256';
  kid: string | undefined;
}

/**
 * Checks at construction that the key can sign client assertions (a private EC P-256 or RSA
 * key), so that a wrong file fails with a clear message rather than at the first token request.
 * Returns the import to run later (WebCrypto imports are asynchronous).
 */
export function checkPrivateKey(input: unknown): () => Promise<SigningKey> {
  if (input === undefined || input === null) {
    throw new TypeError(
      'createOpenBankingClient: `privateKey` is required (the private JWK of your registered client).',
    );
  }
  if (typeof CryptoKey !== 'undefined' && input instanceof CryptoKey) {
    if (input.type !== 'private') {
      throw new TypeError(
        `createOpenBankingClient: \`privateKey\` is a ${input.type} CryptoKey; pass the private key.`,
      );
    }
    const name = input.algorithm.name;
    if (name !== 'ECDSA' && name !== 'RSA-PSS') {
      throw new TypeError(
        `createOpenBankingClient: \`privateKey\` is a ${name} key; use ECDSA P-256 (ES256) or RSA-PSS (PS256).`,
      );
    }
    const key: SigningKey = { key: input, alg: name === 'ECDSA' ? 'ES256' : 'PS256', kid: undefined };
    return async () => key;
  }
  if (typeof input !== 'object') {
    throw new TypeError('createOpenBankingClient: `privateKey` must be a private JWK object or a CryptoKey.');
  }
  const jwk = input as JWK;
  if (jwk.kty !== 'EC' && jwk.kty !== 'RSA') {
    throw new TypeError(
      `createOpenBankingClient: \`privateKey\` has kty ${JSON.stringify(jwk.kty)}; use an EC P-256 or RSA private JWK.`,
    );
  }
  if (jwk.kty === 'EC' && jwk.crv !== 'P-256') {
    throw new TypeError(`createOpenBankingClient: \`privateKey\` is on curve ${jwk.crv}; ES256 needs P-256.`);
  }
  if (typeof jwk.d !== 'string' || !jwk.d) {
    throw new TypeError(
      'createOpenBankingClient: `privateKey` is a public JWK (no "d"); pass the private JWK of your client.',
    );
  }
  const alg = jwk.kty === 'EC' ? 'ES256' : 'PS256';
  if (jwk.alg && jwk.alg !== alg) {
    throw new TypeError(
      `createOpenBankingClient: \`privateKey\` says alg ${jwk.alg}; the platform accepts ${alg} for this key type.`,
    );
  }
  let imported: Promise<SigningKey> | undefined;
  return () => {
    imported ??= importJWK(jwk, alg).then(
      (key) => ({ key: key as CryptoKey, alg, kid: jwk.kid }),
      (cause: unknown) => {
        throw new TypeError(
          `createOpenBankingClient: \`privateKey\` cannot be imported: ${(cause as Error).message}`,
          { cause },
        );
      },
    );
    return imported;
  };
}
