import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/**
 * A one-time reference for a QRCASH code (62/05): 20 characters from an alphabet without
 * I and O, unguessable (about 100 bits), so a photographed code cannot be replayed elsewhere.
 */
export function newOneTimeReference(random: (size: number) => Uint8Array = randomBytes): string {
  let out = '';
  // Rejection sampling keeps every character equally likely.
  while (out.length < 20) {
    for (const byte of random(32)) {
      if (byte < 238 && out.length < 20) out += ALPHABET[byte % ALPHABET.length];
    }
  }
  return out;
}
