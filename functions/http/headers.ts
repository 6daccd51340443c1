/** Lower-cases header names (API Gateway keeps the client's casing). */
export function normaliseHeaders(headers: Record<string, string | undefined> | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) out[name.toLowerCase()] = value;
  }
  return out;
}

/** The response headers every answer carries. */
export function baseHeaders(interactionId: string): Record<string, string> {
  return {
    'x-fapi-interaction-id': interactionId,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}
