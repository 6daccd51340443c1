import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** The authorization server's private key material: JWT signing keys and cookie keys. */
export interface SigningMaterial {
  jwks: { keys: JWK[] };
  cookieKeys: string[];
}

/**
 * Loads the signing keys once per cold start: from Secrets Manager in AWS
 * (`SIGNING_KEYS_SECRET_ARN`), or from `DATA_DIR/keys/` locally, generated on first start.
 */
export async function loadSigningMaterial(): Promise<SigningMaterial> {
  const secretArn = process.env.SIGNING_KEYS_SECRET_ARN;
  if (secretArn) {
    const secret = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    const material = parseMaterial(secret.SecretString);
    if (!material)
      throw new Error(
        'The signing-key secret holds no key material yet: load it as the README "Deploy to AWS" says.',
      );
    return material;
  }
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error('Set SIGNING_KEYS_SECRET_ARN (AWS) or DATA_DIR (local) for the signing keys');
  const file = join(dataDir, 'keys', 'signing-material.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SigningMaterial;
  const material = await generateSigningMaterial();
  mkdirSync(join(dataDir, 'keys'), { recursive: true });
  // Another process may have raced us to it: the first file written wins.
  try {
    writeFileSync(file, JSON.stringify(material), { flag: 'wx', mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return JSON.parse(readFileSync(file, 'utf8')) as SigningMaterial;
}

/** A fresh ES256 key (access tokens, ID tokens) and a PS256 key, with random cookie keys. */
export async function generateSigningMaterial(): Promise<SigningMaterial> {
  const keys: JWK[] = [];
  for (const alg of ['ES256', 'PS256'] as const) {
    const { privateKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'PS256' ? { modulusLength: 2048 } : {}),
    });
    const jwk = await exportJWK(privateKey);
    keys.push({ ...jwk, alg, use: 'sig', kid: await calculateJwkThumbprint(jwk) });
  }
  const { randomBytes } = await import('node:crypto');
  return { jwks: { keys }, cookieKeys: [randomBytes(32).toString('base64url')] };
}

/** The secret's value as signing material, or undefined while it still holds the placeholder. */
function parseMaterial(value: string | undefined): SigningMaterial | undefined {
  try {
    const material = JSON.parse(value ?? '') as SigningMaterial;
    return Array.isArray(material?.jwks?.keys) && material.jwks.keys.length > 0 ? material : undefined;
  } catch {
    return undefined;
  }
}
