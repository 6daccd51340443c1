import { createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: payloads are asserted field by field
  data: any;
  /** Which of the receiver's secrets verified it (their indexes). */
  verifiedBy: number[];
  /** Its `v1,` (HMAC) signatures. */
  signatures: number;
  /** Whether a `v1a,` (Ed25519) signature verified with one of the receiver's public keys. */
  verifiedByPublicKey: boolean;
  raw: { headers: Record<string, string>; body: string };
}

/**
 * Standard Webhooks' asymmetric check, as a receiver holding only a `whpk_` public key makes it:
 * Ed25519 over `id.timestamp.body`, each `v1a,` signature of the header tried (node:crypto).
 */
export function verifiesAsymmetric(
  publicKey: string,
  headers: Record<string, string>,
  body: string,
): boolean {
  const key = createPublicKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      x: Buffer.from(publicKey.replace(/^whpk_/, ''), 'base64').toString('base64url'),
    },
    format: 'jwk',
  });
  const signed = Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`);
  return (headers['webhook-signature'] ?? '')
    .split(' ')
    .filter((signature) => signature.startsWith('v1a,'))
    .some((signature) => verify(null, signed, key, Buffer.from(signature.slice(4), 'base64')));
}

/** How the receiver answers one request: a status and optional headers. */
export type Answer = { status: number; headers?: Record<string, string> };

/**
 * A partner's webhook receiver: a real `node:http` server on loopback that verifies every
 * request with the `standardwebhooks` verifier against each secret it holds, and deduplicates
 * by `webhook-id` as Standard Webhooks tells receivers to. A request no secret verifies is
 * answered 401 and counted as forged (a test asserts there are none).
 */
export class Receiver {
  /** Every verified request, duplicates included, in arrival order. */
  readonly requests: Received[] = [];
  /** Each event once, by `webhook-id`. */
  readonly unique = new Map<string, Received>();
  forged = 0;
  secrets: string[] = [];
  /** `whpk_` public keys (from `GET /v1/webhook-signing-keys`) to check `v1a` signatures with. */
  publicKeys: string[] = [];
  answer: (request: Received, attempt: number) => Answer = () => ({ status: 200 });
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private waiters: (() => void)[] = [];

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** How many times this id arrived (verified). */
  count(id: string): number {
    return this.requests.filter((request) => request.id === id).length;
  }

  /** Resolves once `done()` holds, checking after each request; fails after `timeoutMs`. */
  async until(done: () => boolean, timeoutMs = 20_000, what = 'the expected deliveries'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const verifiedBy = this.secrets.flatMap((secret, index) => {
      try {
        new Webhook(secret).verify(body, headers);
        return [index];
      } catch {
        return [];
      }
    });
    if (verifiedBy.length === 0) {
      this.forged++;
      res.writeHead(401).end();
      return;
    }
    const parsed = JSON.parse(body) as { type: string; data: unknown };
    const received: Received = {
      id: headers['webhook-id']!,
      type: parsed.type,
      data: parsed.data,
      verifiedBy,
      signatures: headers['webhook-signature']!.split(' ').filter((s) => s.startsWith('v1,')).length,
      verifiedByPublicKey: this.publicKeys.some((key) => verifiesAsymmetric(key, headers, body)),
      raw: { headers, body },
    };
    const attempt = this.count(received.id) + 1;
    const answer = this.answer(received, attempt);
    this.requests.push(received);
    if (answer.status >= 200 && answer.status < 300 && !this.unique.has(received.id)) {
      this.unique.set(received.id, received);
    }
    res.writeHead(answer.status, answer.headers).end();
    for (const wake of this.waiters.splice(0)) wake();
  }
}
