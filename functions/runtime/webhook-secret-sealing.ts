import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';

/** The variable through which a function finds the KMS key that wraps webhook secrets' data keys (AWS). */
export const WEBHOOK_SECRETS_KEY_ENV = 'WEBHOOK_SECRETS_KEY_ID';

/** A sealed secret: `sealed:v1:` then the wrapped data key, the IV and the ciphertext with its tag, base64, `:`-separated. */
const SEALED = /^sealed:v1:([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/;
const TAG_BYTES = 16;

/** Makes and opens data keys: KMS in AWS, a local key file otherwise. */
interface KeyWrapper {
  newDataKey(context: string): Promise<{ plaintext: Buffer; wrapped: Buffer }>;
  unwrap(wrapped: Buffer, context: string): Promise<Buffer>;
}

function aesGcm(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad));
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function openAesGcm(key: Buffer, sealed: Buffer, aad: string): Buffer {
  const iv = sealed.subarray(0, 12);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(aad)).setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - TAG_BYTES)), decipher.final()]);
}

/** AWS: a data key per secret from KMS (`GenerateDataKey`), opened by `Decrypt`, bound to the endpoint by the encryption context. */
function kmsWrapper(keyId: string): KeyWrapper {
  const kms = new KMSClient({});
  return {
    async newDataKey(context) {
      const { Plaintext, CiphertextBlob } = await kms.send(
        new GenerateDataKeyCommand({
          KeyId: keyId,
          KeySpec: 'AES_256',
          EncryptionContext: { endpoint: context },
        }),
      );
      return { plaintext: Buffer.from(Plaintext!), wrapped: Buffer.from(CiphertextBlob!) };
    },
    async unwrap(wrapped, context) {
      const { Plaintext } = await kms.send(
        new DecryptCommand({
          KeyId: keyId,
          CiphertextBlob: wrapped,
          EncryptionContext: { endpoint: context },
        }),
      );
      return Buffer.from(Plaintext!);
    },
  };
}

/** Locally: data keys wrapped (AES-256-GCM) by a 32-byte key in `DATA_DIR/keys/webhook-secrets.key`, made on first use. */
function localWrapper(dataDir: string): KeyWrapper {
  const file = join(dataDir, 'keys', 'webhook-secrets.key');
  let master: Buffer | undefined;
  const masterKey = () => {
    if (master) return master;
    if (!existsSync(file)) {
      mkdirSync(join(dataDir, 'keys'), { recursive: true });
      try {
        writeFileSync(file, randomBytes(32).toString('base64'), { flag: 'wx', mode: 0o600 });
        chmodSync(file, 0o600);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    master = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (master.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
    return master;
  };
  return {
    async newDataKey(context) {
      const plaintext = randomBytes(32);
      return { plaintext, wrapped: aesGcm(masterKey(), plaintext, context) };
    },
    async unwrap(wrapped, context) {
      return openAesGcm(masterKey(), wrapped, context);
    },
  };
}

let wrapper: KeyWrapper | undefined;
function keyWrapper(): KeyWrapper {
  if (wrapper) return wrapper;
  const keyId = process.env[WEBHOOK_SECRETS_KEY_ENV];
  const dataDir = process.env.DATA_DIR;
  if (!keyId && !dataDir)
    throw new Error(`Set ${WEBHOOK_SECRETS_KEY_ENV} (AWS) or DATA_DIR (local) for webhook secrets`);
  wrapper = keyId ? kmsWrapper(keyId) : localWrapper(dataDir!);
  return wrapper;
}

/** Data keys already opened, by their wrapped form: a delivery does not call KMS each time. */
const opened = new Map<string, Promise<Buffer>>();
const MAX_OPENED = 1_000;

/**
 * Seals a webhook secret for storage (envelope encryption): a fresh 256-bit data key encrypts it
 * with AES-256-GCM, bound to its endpoint (as additional data, and as KMS encryption context),
 * and the data key is stored wrapped by the master key (KMS in AWS). The stored item never holds
 * the secret, and a sealed secret copied to another endpoint's item does not open there.
 */
export async function sealSecret(secret: string, endpointId: string): Promise<string> {
  const { plaintext, wrapped } = await keyWrapper().newDataKey(endpointId);
  const sealed = aesGcm(plaintext, Buffer.from(secret, 'utf8'), endpointId);
  return `sealed:v1:${wrapped.toString('base64')}:${sealed.subarray(0, 12).toString('base64')}:${sealed.subarray(12).toString('base64')}`;
}

/**
 * Opens a secret {@link sealSecret} sealed for this endpoint. A bare `whsec_` secret (an endpoint
 * stored locally before secrets were sealed) is taken as it is; its next rotation seals it.
 */
export async function openSecret(sealed: string, endpointId: string): Promise<string> {
  if (sealed.startsWith('whsec_')) return sealed;
  const match = SEALED.exec(sealed);
  if (!match) throw new Error(`a webhook secret of endpoint ${endpointId} is not sealed`);
  const [, wrapped, iv, body] = match as unknown as [string, string, string, string];
  const cacheKey = `${endpointId}:${wrapped}`;
  let dataKey = opened.get(cacheKey);
  if (!dataKey) {
    if (opened.size >= MAX_OPENED) opened.clear();
    dataKey = keyWrapper().unwrap(Buffer.from(wrapped, 'base64'), endpointId);
    dataKey.catch(() => opened.delete(cacheKey));
    opened.set(cacheKey, dataKey);
  }
  const plaintext = openAesGcm(
    await dataKey,
    Buffer.concat([Buffer.from(iv, 'base64'), Buffer.from(body, 'base64')]),
    endpointId,
  );
  return plaintext.toString('utf8');
}
