/**
 * SHA-256 of a text, on Web Crypto's global (the one jose verifies tokens with). A handler whose
 * other crypto is jose's then loads a single crypto stack, on the first request that needs it;
 * an import of node:crypto would load a second one (about 3 ms) at every cold start.
 */
export async function sha256(text: string, encoding: 'hex' | 'base64url'): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Buffer.from(digest).toString(encoding);
}
