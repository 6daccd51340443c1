import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** An event as the platform delivers it (Standard Webhooks): `{ type, timestamp, data }`. */
export interface WebhookEvent<Data = Record<string, unknown>> {
  type: string;
  timestamp: string;
  data: Data;
}

/** The signature, its timestamp or the body did not check out: answer 400 and ignore the event. */
export class WebhookSignatureError extends Error {
  override name = 'WebhookSignatureError';
}

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function headerRecord(headers: HeaderSource): Record<string, string> {
  const record: Record<string, string> = {};
  const entries: [string, string | string[] | undefined][] = [];
  if (headers instanceof Headers) {
    headers.forEach((value, name) => {
      entries.push([name, value]);
    });
  } else entries.push(...Object.entries(headers));
  for (const [name, value] of entries) {
    if (value !== undefined) record[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

/**
 * Checks a delivery's `webhook-signature` (HMAC-SHA256 over id, timestamp and the raw body, the
 * timestamp within 5 minutes) with your endpoint's `whsec_…` secret and returns the event.
 * Pass the body exactly as received, before any JSON parsing.
 *
 * @example
 * const event = verifyWebhook(await request.text(), request.headers, process.env.WEBHOOK_SECRET);
 */
export function verifyWebhook<Data = Record<string, unknown>>(
  rawBody: string | Uint8Array,
  headers: HeaderSource,
  secret: string,
): WebhookEvent<Data> {
  const body = typeof rawBody === 'string' ? rawBody : new TextDecoder().decode(rawBody);
  try {
    return new Webhook(secret).verify(body, headerRecord(headers)) as WebhookEvent<Data>;
  } catch (error) {
    if (error instanceof WebhookVerificationError)
      throw new WebhookSignatureError(error.message, { cause: error });
    throw error;
  }
}

/**
 * Signs a test event as the platform would, for your own tests: the body and the three
 * `webhook-*` headers to send to your endpoint.
 *
 * @example
 * const { body, headers } = signTestWebhook({ type: 'bill.paid', timestamp, data: { BillId, Status: 'Paid' } }, secret);
 */
export function signTestWebhook(
  event: WebhookEvent<unknown>,
  secret: string,
  options: { id?: string; timestamp?: Date } = {},
): { body: string; headers: Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> } {
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const timestamp = options.timestamp ?? new Date();
  const body = JSON.stringify(event);
  return {
    body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
    },
  };
}
