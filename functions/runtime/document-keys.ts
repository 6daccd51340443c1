import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** The variable through which a function finds the document-signing keys in AWS. */
export const DOCUMENT_KEYS_ENV = 'DOCUMENT_KEYS_SECRET_ARN';

/**
 * The algorithm documents (bill receipts, checkout results) are signed with. Ed25519 rather than
 * the authorization server's ES256: the provider signs tokens with ES256 and PS256 only, so it
 * can never pick this key for an ID or access token, and a document key can never be mistaken
 * for a token key. Every current browser's WebCrypto verifies it (the receipt page does).
 */
export const DOCUMENT_ALG = 'EdDSA';

/** Private Ed25519 JWKs: the first signs; the others stay published for documents already issued. */
export interface DocumentKeys {
  keys: JWK[];
}

let loaded: Promise<DocumentKeys> | undefined;

/**
 * The document-signing keys, loaded once per cold start: from Secrets Manager in AWS
 * (`DOCUMENT_KEYS_SECRET_ARN`, a secret apart from the authorization server's, so a function that
 * signs receipts cannot mint tokens), or from `DATA_DIR/keys/document-keys.json` locally,
 * generated on first start.
 */
export function documentKeys(): Promise<DocumentKeys> {
  loaded ??= loadDocumentKeys().catch((error) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function loadDocumentKeys(): Promise<DocumentKeys> {
  const secretArn = process.env[DOCUMENT_KEYS_ENV];
  if (secretArn) {
    const secret = await new SecretsManagerClient({}).send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    const keys = parseKeys(secret.SecretString);
    if (!keys)
      throw new Error(
        'The document-key secret holds no key yet: load it as the README "Deploy to AWS" says.',
      );
    return keys;
  }
  const dataDir = process.env.DATA_DIR;
  if (!dataDir) throw new Error(`Set ${DOCUMENT_KEYS_ENV} (AWS) or DATA_DIR (local) for the document keys`);
  const file = join(dataDir, 'keys', 'document-keys.json');
  if (!existsSync(file)) {
    const generated = await generateDocumentKeys();
    mkdirSync(join(dataDir, 'keys'), { recursive: true });
    // Another process may have raced us to it: the first file written wins.
    try {
      writeFileSync(file, JSON.stringify(generated), { flag: 'wx', mode: 0o600 });
      chmodSync(file, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const keys = parseKeys(readFileSync(file, 'utf8'));
  if (!keys) throw new Error(`${file} holds no document key`);
  return keys;
}

/** A fresh Ed25519 document key, `use: sig`, its kid `doc-` and its RFC 7638 thumbprint. */
export async function generateDocumentKeys(): Promise<DocumentKeys> {
  const { privateKey } = await generateKeyPair(DOCUMENT_ALG, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  return {
    keys: [{ ...jwk, alg: DOCUMENT_ALG, use: 'sig', kid: `doc-${await calculateJwkThumbprint(jwk)}` }],
  };
}

function parseKeys(value: string | undefined): DocumentKeys | undefined {
  try {
    const parsed = JSON.parse(value ?? '') as DocumentKeys;
    return Array.isArray(parsed?.keys) && parsed.keys.length > 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}
