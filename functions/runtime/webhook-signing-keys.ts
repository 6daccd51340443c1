import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The variable through which a function finds the webhook-signing keys in AWS. */
export const WEBHOOK_SIGNING_KEYS_ENV = 'WEBHOOK_SIGNING_KEYS_SECRET_ARN';

/** One Ed25519 key pair as stored: private JWK (`d` included) and its id. */
interface StoredKey {
  kid: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; d: string };
}

/** The platform's webhook-signing key (Standard Webhooks `v1a`, Ed25519): the first signs; all are published. */
export interface WebhookSigningKeys {
  signing: { kid: string; privateKey: KeyObject };
  /** Public halves, newest first: `whpk_` + base64 of the 32-byte key, and the JWK. */
  published: { kid: string; publicKey: string; jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string } }[];
}

let loaded: Promise<WebhookSigningKeys> | undefined;

/**
 * The webhook-signing keys, loaded once per cold start: from Secrets Manager in AWS
 * (`WEBHOOK_SIGNING_KEYS_SECRET_ARN`, a secret of its own, so a function that signs webhooks
 * can sign nothing else), or from `DATA_DIR/keys/webhook-signing-keys.json` locally, generated
 * on first start (kept out of git with the other keys).
 */
export function webhookSigningKeys(): Promise<WebhookSigningKeys> {
  loaded ??= load().catch((error) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function load(): Promise<WebhookSigningKeys> {
  const secretArn = process.env[WEBHOOK_SIGNING_KEYS_ENV];
  if (secretArn) {
    const secret = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    const keys = parse(secret.SecretString);
    if (!keys) throw new Error('The webhook-signing secret holds no key yet: load it as the README says.');
    return keys;
  }
  const dataDir = process.env.DATA_DIR;
  if (!dataDir)
    throw new Error(`Set ${WEBHOOK_SIGNING_KEYS_ENV} (AWS) or DATA_DIR (local) for the webhook keys`);
  const file = join(dataDir, 'keys', 'webhook-signing-keys.json');
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'keys'), { recursive: true });
    // Another process may have raced us to it: the first file written wins.
    try {
      writeFileSync(file, JSON.stringify({ keys: [generateWebhookSigningKey()] }), {
        flag: 'wx',
        mode: 0o600,
      });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const keys = parse(readFileSync(file, 'utf8'));
  if (!keys) throw new Error(`${file} holds no webhook-signing key`);
  return keys;
}

/** A fresh Ed25519 key; its id is `whk_` and the first 16 hex digits of its public key. */
function generateWebhookSigningKey(): StoredKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' }) as StoredKey['jwk'];
  return { kid: `whk_${Buffer.from(jwk.x, 'base64url').toString('hex').slice(0, 16)}`, jwk };
}

function parse(value: string | undefined): WebhookSigningKeys | undefined {
  try {
    const { keys } = JSON.parse(value ?? '') as { keys?: StoredKey[] };
    if (!Array.isArray(keys) || keys.length === 0) return undefined;
    const first = keys[0]!;
    return {
      signing: { kid: first.kid, privateKey: createPrivateKey({ key: first.jwk, format: 'jwk' }) },
      published: keys.map((key) => {
        const x = createPublicKey({ key: key.jwk, format: 'jwk' }).export({ format: 'jwk' }).x!;
        return {
          kid: key.kid,
          publicKey: `whpk_${Buffer.from(x, 'base64url').toString('base64')}`,
          jwk: { kty: 'OKP', crv: 'Ed25519', x },
        };
      }),
    };
  } catch {
    return undefined;
  }
}
