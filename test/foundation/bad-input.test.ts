import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH } from '../../functions/http/json-body.ts';
import { MAX_PATH_PARAMETER_CHARS } from '../../functions/http/parse-request.ts';
import { activeRoutes } from '../../functions/routing/routes.ts';
import { type RunningGateway, startGateway } from '../../local/gateway.ts';
import { MAX_HEADER_BYTES } from '../../local/request-framing.ts';
import { useGateway } from '../helpers/gateway.ts';
import { rawRequest } from '../helpers/raw-http.ts';

/**
 * The bad-input table: input no client should send, each answered with a 4xx in the contract's
 * envelope with a code naming the cause, never a 5xx and never a bare status line.
 */
const api = useGateway();

const MALFORMED_ESCAPE = '%E0%A4%A';
const routes = activeRoutes(true).filter((route) => route.handler !== 'handlers/oauth/authorization-server');
const withPathParameter = routes.filter((route) => /\{\w+\}/.test(route.path));
const withJsonBody = routes.filter((route) => route.body === 'json');
const pages = routes.filter((route) => route.page);

/** JSON text whose `Data` nests `levels` arrays (the whole body is `levels + 1` deep). */
const nested = (levels: number) => `{"Data":${'['.repeat(levels)}${']'.repeat(levels)}}`;

async function send(method: string, path: string, headers: Record<string, string>, body?: string) {
  const result = await rawRequest(`${api.url}${path}`, { method, headers, ...(body ? { body } : {}) });
  return { ...result, json: JSON.parse(result.text) };
}

/** JSON text sent to `method path` with an idempotency key, as a client of the route would. */
const sendJson = (method: string, path: string, body: string) =>
  send(method, path, { 'content-type': 'application/json', 'x-idempotency-key': crypto.randomUUID() }, body);

/**
 * JSON text sent to the sandbox bank app, which takes an idempotency key without a client token:
 * the body's checks and the key's fingerprint run with no set-up.
 */
const sendToBankApp = (body: string) => sendJson('POST', '/sandbox/cash-approvals', body);

/** A page route's refusal: a 4xx page showing the code and the interaction id to quote, not JSON. */
function expectRefusalPage(result: Awaited<ReturnType<typeof rawRequest>>, status: number, code: string) {
  expect(result.status).toBe(status);
  expect(result.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(result.headers['content-security-policy']).toContain("default-src 'none'");
  expect(result.text).toContain(`<code>${code}</code>`);
  expect(result.text).toContain(`<code>${result.headers['x-fapi-interaction-id']}</code>`);
}

describe('bad input through the API chain', () => {
  it('has path parameters and JSON bodies to try', () => {
    expect(withPathParameter.length).toBeGreaterThanOrEqual(8);
    expect(withJsonBody.length).toBeGreaterThanOrEqual(7);
    expect(pages.length).toBeGreaterThanOrEqual(9);
  });

  it.each(withPathParameter.map((route) => [`${route.method} ${route.path}`, route] as const))(
    `answers ${MALFORMED_ESCAPE} in the path parameter of %s with a 400 naming the parameter`,
    async (_, route) => {
      // Prepare
      const parameter = /\{(\w+)\}/.exec(route.path)![1]!;
      const path = route.path.replace(/\{\w+\}/g, MALFORMED_ESCAPE);
      // Act
      const raw = await rawRequest(`${api.url}${path}`, { method: route.method });
      // Assess
      if (route.page) return expectRefusalPage(raw, 400, 'UK.OBIE.Field.Invalid');
      const result = { ...raw, json: JSON.parse(raw.text) };
      expect(result.status).toBe(400);
      expect(result.json).toMatchObject({
        Code: '400',
        Errors: [{ ErrorCode: 'UK.OBIE.Field.Invalid', Path: parameter }],
      });
      expect(result.json.Message).toMatch(/percent-encoding/);
      expect(result.json.Id).toBe(result.headers['x-fapi-interaction-id']);
    },
  );

  it.each(withPathParameter.map((route) => [`${route.method} ${route.path}`, route] as const))(
    `answers a path parameter over ${MAX_PATH_PARAMETER_CHARS} characters in %s with a 400 naming it, and one at the limit without`,
    async (_, route) => {
      // Prepare: 2,100 characters would also pass DynamoDB's 2,048-byte key limit.
      const parameter = /\{(\w+)\}/.exec(route.path)![1]!;
      const at = (length: number) => route.path.replace(/\{\w+\}/g, 'A'.repeat(length));
      // Act
      const raw = await rawRequest(`${api.url}${at(2_100)}`, { method: route.method });
      // The customer's pages answer a missing session with an HTML page: only the status is compared.
      const atLimit = await rawRequest(`${api.url}${at(MAX_PATH_PARAMETER_CHARS)}`, { method: route.method });
      // Assess
      expect(atLimit.status).toBeLessThan(500);
      expect(atLimit.text).not.toContain('characters; no id here');
      if (route.page) return expectRefusalPage(raw, 400, 'UK.OBIE.Field.Invalid');
      const over = { ...raw, json: JSON.parse(raw.text) };
      expect(over.status).toBe(400);
      expect(over.json.Errors).toEqual([
        expect.objectContaining({ ErrorCode: 'UK.OBIE.Field.Invalid', Path: parameter }),
      ]);
      expect(over.json.Errors[0].Message).toContain(`${MAX_PATH_PARAMETER_CHARS}`);
    },
  );

  it('answers a body over 1 MiB on a route that takes none with the documented 413', async () => {
    // Act: the contract check of every response holds the status to the operation's document.
    const result = await send(
      'GET',
      '/v1/aisp/accounts',
      { 'content-type': 'text/plain' },
      'a'.repeat(1024 * 1024 + 1),
    );
    // Assess
    expect(result.status).toBe(413);
    expect(result.json.Errors[0].ErrorCode).toBe('VN.OB.Request.TooLarge');
  });

  it('cuts what an error quotes of the request to the 500 characters the contract allows', async () => {
    // Act
    const name = 'q'.repeat(600);
    const result = await send('GET', `/v1/health?${name}=1`, {});
    // Assess
    expect(result.status).toBe(400);
    const [error] = result.json.Errors;
    expect([...error.Path]).toHaveLength(500);
    expect(error.Path.endsWith('…')).toBe(true);
    expect([...error.Message].length).toBeLessThanOrEqual(500);
  });

  it.each(['constructor', '__proto__', 'hasOwnProperty'])(
    'answers a query parameter or header named %s like any other name, never a 500',
    async (name) => {
      // Act
      const query = await rawRequest(`${api.url}/v1/banks?${name}=1`, { method: 'GET' });
      const header = await rawRequest(`${api.url}/v1/banks`, { method: 'GET', headers: { [name]: 'x' } });
      // Assess
      expect(query.status).toBe(400);
      expect(JSON.parse(query.text).Errors).toEqual([
        expect.objectContaining({ ErrorCode: 'UK.OBIE.Field.Unexpected', Path: name }),
      ]);
      expect(header.status).toBe(200);
    },
  );

  it.each(pages.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'answers an unknown query parameter on the page %s with a 400 page naming it, in the language asked',
    async (_, route) => {
      // Act
      const path = route.path.replace(/\{\w+\}/g, 'x');
      const result = await rawRequest(`${api.url}${path}?lang=en&utm_source=mail`, {
        method: route.method,
        ...(route.body ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' } : {}),
      });
      // Assess
      expectRefusalPage(result, 400, 'UK.OBIE.Field.Unexpected');
      expect(result.text).toContain('<html lang="en">');
      expect(result.text).toContain('utm_source');
    },
  );

  it.each(withJsonBody.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'answers a body nested 100,000 levels deep on %s with a 400 naming the depth',
    async (_, route) => {
      const result = await sendJson(route.method, route.path, nested(100_000));
      expect(result.status).toBe(400);
      expect(result.json.Errors).toEqual([
        { ErrorCode: 'VN.OB.Request.TooDeep', Message: expect.stringContaining(`${MAX_JSON_DEPTH} levels`) },
      ]);
    },
  );

  it.each(withJsonBody.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'answers half a surrogate pair (a lone \\ud800 escape) in a body of %s with a 400 naming the field',
    async (_, route) => {
      const result = await sendJson(route.method, route.path, '{"Data":{"Items":[{"Name":"ab\\ud800cd"}]}}');
      expect(result.status).toBe(400);
      expect(result.json.Errors).toEqual([
        expect.objectContaining({ ErrorCode: 'UK.OBIE.Field.Invalid', Path: 'Data.Items[0].Name' }),
      ]);
    },
  );

  it.each([
    ['a lone low half in a name', '{"Data":{"\\udc00":1}}', 'Data.\ufffd'],
    ['a high half escaped after a real emoji', '{"Data":{"Reason":"🎓\\ud83c"}}', 'Data.Reason'],
  ])('names the field for %s', async (_, body, path) => {
    const result = await sendToBankApp(body);
    expect(result.status).toBe(400);
    expect(result.json.Errors).toEqual([expect.objectContaining({ Path: path })]);
  });

  it('takes a whole pair written as two escapes, and escaped backslashes before a u', async () => {
    const result = await sendToBankApp('{"Data":{"Reason":"\\ud83c\\udf93 C:\\\\ud800"}}');
    expect(result.status).toBe(400);
    expect(result.json.Errors.map((error: { Message: string }) => error.Message).join()).not.toMatch(
      /surrogate/,
    );
  });

  it.each(['Authorization', 'DPoP', 'x-idempotency-key'])(
    'refuses a request carrying %s twice with a 400 naming it (layers would read different ones)',
    async (name) => {
      // Act
      const answer = await exchange(
        api.url,
        `GET /v1/aisp/accounts HTTP/1.1\r\nHost: 127.0.0.1\r\n${name}: first\r\n${name.toUpperCase()}: second\r\nConnection: close\r\n\r\n`,
      );
      // Assess
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).Errors).toEqual([
        expect.objectContaining({ ErrorCode: 'UK.OBIE.Header.Invalid', Path: name.toLowerCase() }),
      ]);
    },
  );

  it.each([
    ['exactly the limit deep', nested(MAX_JSON_DEPTH - 1), false],
    ['one level over the limit', nested(MAX_JSON_DEPTH), true],
    ['brackets inside a string', `{"Data":{"Payload":"${'['.repeat(5_000)}"}}`, false],
    ['brackets after an escaped quote', `{"Data":{"Payload":"\\"${'{['.repeat(5_000)}"}}`, false],
  ])('counts only real nesting: %s', async (_, body, tooDeep) => {
    const result = await sendToBankApp(body);
    expect(result.status).toBe(400);
    const codes = result.json.Errors.map((error: { ErrorCode: string }) => error.ErrorCode);
    if (tooDeep) expect(codes).toEqual(['VN.OB.Request.TooDeep']);
    else expect(codes).not.toContain('VN.OB.Request.TooDeep');
  });
});

/**
 * Sends raw bytes on one connection (the requests say `Connection: close`, so the server ends
 * it) and reads the whole answer, its body de-chunked.
 */
function exchange(url: string, bytes: string): Promise<{ status: number; head: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      const raw = text.slice(split + 4);
      resolve({
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0),
        head,
        body: /\r\ntransfer-encoding: chunked/i.test(head) ? dechunk(raw) : raw,
      });
    });
  });
}

/** A chunked body's data (chunk sizes are in bytes). */
function dechunk(raw: string): string {
  const bytes = Buffer.from(raw, 'utf8');
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = bytes.indexOf('\r\n', at);
    const size = Number.parseInt(bytes.subarray(at, eol).toString('latin1'), 16);
    if (!size) return Buffer.concat(parts).toString('utf8');
    parts.push(bytes.subarray(eol + 2, eol + 2 + size));
    at = eol + 2 + size + 2;
  }
}

/** The envelope's fields, checked as the contract describes them. */
function expectEnvelope(answer: { status: number; head: string; body: string }, code: string) {
  const json = JSON.parse(answer.body);
  expect(json).toEqual({
    Code: String(answer.status),
    Id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    Message: expect.any(String),
    Errors: [{ ErrorCode: code, Message: json.Message }],
  });
  expect(answer.head).toMatch(new RegExp(`\\r\\nx-fapi-interaction-id: ${json.Id}\\r\\n`, 'i'));
  expect(answer.head).toMatch(/\r\ncontent-type: application\/json\r\n/i);
}

// Answers the gateway gives before any route is found (or for none): not the API document's
// operations, so checked here field by field instead of by the contract check of `useGateway`.
describe('bad input at the local gateway itself', () => {
  let gateway: RunningGateway;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.close();
  });

  const get = (target: string, headers = '') =>
    `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}Connection: close\r\n\r\n`;

  it(`answers headers over ${MAX_HEADER_BYTES} bytes (API Gateway's limit) with a 431 in the envelope`, async () => {
    const answer = await exchange(
      gateway.url,
      get('/v1/banks', `X-Padding: ${'a'.repeat(MAX_HEADER_BYTES)}\r\n`),
    );
    expect(answer.status).toBe(431);
    expectEnvelope(answer, 'VN.OB.Request.HeadersTooLarge');
  });

  it('serves headers just under the limit (control case)', async () => {
    const answer = await exchange(gateway.url, get('/v1/banks', `X-Padding: ${'a'.repeat(9_000)}\r\n`));
    expect(answer.status).toBe(200);
  });

  it('answers a request that is not HTTP with a 400 in the envelope', async () => {
    const answer = await exchange(gateway.url, get('/v1/banks', 'This is no header\r\n'));
    expect(answer.status).toBe(400);
    expectEnvelope(answer, 'VN.OB.Request.Malformed');
  });

  it.each(['//', '///', '//evil.example/v1/banks', '/\\evil.example/v1/banks'])(
    'treats the request target %j as a path no route has, not as a host',
    async (target) => {
      const answer = await exchange(gateway.url, get(target));
      expect(answer.status).toBe(404);
      expectEnvelope(answer, 'VN.OB.Route.NotFound');
    },
  );
});
