import { type KeyObject, sign } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import type { Destination } from './destination.ts';

/** What the receiver answered, or why it did not. */
export type PostResult =
  | { status: number; retryAfter?: string; responseMs: number }
  | { error: string; responseMs: number };

/**
 * Signs a message with every given secret (Standard Webhooks: `v1,<sig>` each, space-separated,
 * so a receiver holding either secret during a rotation verifies it), using the
 * `standardwebhooks` package rather than our own HMAC code; then, when given the platform's
 * Ed25519 key, `v1a,<sig>` over the same `id.timestamp.body` (Standard Webhooks' asymmetric
 * signature, which that package does not make), so a partner can verify with the public key alone.
 */
function signatureHeader(
  secrets: readonly string[],
  asymmetric: KeyObject | undefined,
  id: string,
  at: Date,
  body: string,
): string {
  const symmetric = secrets.map((secret) => new Webhook(secret).sign(id, at, body));
  if (!asymmetric) return symmetric.join(' ');
  const signed = Buffer.from(`${id}.${Math.floor(at.getTime() / 1000)}.${body}`);
  return [...symmetric, `v1a,${sign(null, signed, asymmetric).toString('base64')}`].join(' ');
}

/**
 * POSTs a signed webhook to the destination's checked address only (the connection's DNS
 * lookup answers with that address, so a rebinding DNS cannot redirect it), never follows a
 * redirect, and gives up after `timeoutMs`.
 */
export function postWebhook(
  destination: Destination,
  message: { id: string; body: string; secrets: readonly string[]; asymmetric?: KeyObject; now: Date },
  timeoutMs: number,
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [{ address: destination.address, family: destination.family }]);
    else callback(null, destination.address, destination.family);
  };
  const headers = {
    'content-type': 'application/json',
    'user-agent': 'vn-open-banking-webhooks/1',
    'webhook-id': message.id,
    'webhook-timestamp': String(Math.floor(message.now.getTime() / 1000)),
    'webhook-signature': signatureHeader(
      message.secrets,
      message.asymmetric,
      message.id,
      message.now,
      message.body,
    ),
  };
  const send = destination.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: PostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const outgoing = send(
      destination.url,
      { method: 'POST', headers, lookup: pinned, agent: false },
      (response) => {
        const retryAfter = response.headers['retry-after'];
        // The body is not needed: drain it so the socket closes cleanly.
        response.resume();
        response.on('end', () =>
          finish({
            status: response.statusCode ?? 0,
            ...(typeof retryAfter === 'string' ? { retryAfter } : {}),
            responseMs: elapsed(),
          }),
        );
        response.on('error', (error) => finish({ error: error.message, responseMs: elapsed() }));
      },
    );
    const timer = setTimeout(() => {
      outgoing.destroy();
      finish({ error: `no answer within ${timeoutMs} ms`, responseMs: elapsed() });
    }, timeoutMs);
    outgoing.on('error', (error) => finish({ error: error.message, responseMs: elapsed() }));
    outgoing.end(message.body);
  });
}
