/**
 * Where the examples find the platform and their client: `OB_BASE_URL` (default the local
 * sandbox) and `OB_CLIENT`, a client file as `npm start` writes them under `.data/clients/`.
 */
import { readFileSync } from 'node:fs';

export interface ClientFile {
  clientId: string;
  scope: string;
  redirectUris?: string[];
  privateJwk: Record<string, unknown>;
}

export const baseUrl = process.env.OB_BASE_URL ?? 'http://127.0.0.1:3000';

export function clientFile(fallback: string): ClientFile {
  return JSON.parse(readFileSync(process.env.OB_CLIENT ?? fallback, 'utf8')) as ClientFile;
}
