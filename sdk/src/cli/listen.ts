import { createServer, type IncomingMessage } from 'node:http';
import { parseArgs } from 'node:util';
import { EVENT_TYPES } from '../generated/operations.ts';
import { verifyWebhook, WebhookSignatureError } from '../webhooks.ts';
import { COMMON_FLAGS, clientFrom } from './context.ts';

async function rawBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `ob webhooks listen [--forward URL]`, as `stripe listen`: registers a webhook endpoint on a
 * local port (sandbox: loopback allowed), checks each delivery's signature, prints the event as
 * one JSON line and, with `--forward`, posts the same body and headers to your app (its status
 * is the answer, so the platform retries when your app fails). The endpoint is deleted on exit.
 */
export async function listenCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      ...COMMON_FLAGS,
      forward: { type: 'string' },
      events: { type: 'string' },
      port: { type: 'string', default: '0' },
      'max-events': { type: 'string' },
    },
  });
  const client = clientFrom(values);
  const events = values.events ? values.events.split(',') : [...EVENT_TYPES];
  const max = values['max-events'] ? Number(values['max-events']) : Number.POSITIVE_INFINITY;
  let secret = '';
  let received = 0;
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const server = createServer(async (request, response) => {
    const body = await rawBody(request);
    const headers = Object.fromEntries(
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [
        name,
        String(request.headers[name] ?? ''),
      ]),
    );
    try {
      const event = verifyWebhook(body, headers, secret);
      process.stdout.write(`${JSON.stringify({ id: headers['webhook-id'], ...event })}\n`);
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      process.stderr.write(`ob: refused a delivery with a bad signature: ${error.message}\n`);
      response.writeHead(400).end();
      return;
    }
    let status = 200;
    if (values.forward) {
      const forwarded = await fetch(values.forward, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      }).catch((error: Error) => {
        process.stderr.write(`ob: forward to ${values.forward} failed: ${error.message}\n`);
        return undefined;
      });
      status = forwarded?.status ?? 502;
      process.stderr.write(`ob: forwarded ${headers['webhook-id']} → ${status}\n`);
    }
    response.writeHead(status).end();
    if (++received >= max) finish();
  });
  await new Promise<void>((resolve) => server.listen(Number(values.port), '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const { data, error } = await client.POST('/v1/webhook-endpoints', {
    body: {
      Data: { Url: `http://127.0.0.1:${port}/`, Events: events as never, Description: 'ob webhooks listen' },
    },
  });
  if (error) {
    server.close();
    throw error;
  }
  if (!data.Data.Secret) throw new Error('the platform answered the new endpoint without its secret');
  secret = data.Data.Secret;
  const endpointId = data.Data.WebhookEndpointId;
  process.stderr.write(
    `ob: listening on http://127.0.0.1:${port}/ as endpoint ${endpointId} (secret ${secret})\n`,
  );
  const stop = () => finish();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await done;
  await client.DELETE('/v1/webhook-endpoints/{WebhookEndpointId}', {
    params: { path: { WebhookEndpointId: endpointId } },
  });
  server.close();
  return 0;
}
