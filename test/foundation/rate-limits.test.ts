import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearClientLimits } from '../../functions/use-cases/limits/clear-client-limits.ts';
import { setClientLimits } from '../../functions/use-cases/limits/set-client-limits.ts';
import { onDynamoCall } from '../helpers/dynamo-recorder.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

/**
 * Per-client and per-source limits through the local gateway, which counts them as API
 * Gateway's usage plans and WAF's rate-based rules do in AWS: before the body is read or any
 * handler runs, answered 429 in the contract's envelope with `Retry-After` and `RateLimit-*`.
 * Every answer is also checked against the contract (the 429 is documented there).
 */
const OAUTH_LIMIT = 20;
const api = useGateway({
  limits: {
    sources: [
      {
        name: 'OAuthEndpoints',
        method: 'POST',
        path: '^/oauth2/.+$',
        limit: OAUTH_LIMIT,
        windowSeconds: 600,
      },
    ],
  },
});

/** A POST from a given loopback address, so the gateway sees a distinct source (127.0.0.0/8 is all loopback). */
function postFrom(
  source: string,
  path: string,
  body: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: RawJson }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${api.url}${path}`,
      {
        method: 'POST',
        localAddress: source,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: RawJson;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted field by field
type RawJson = any;

const JUNK = 'grant_type=client_credentials&client_id=nobody&client_assertion=junk';

describe('per-client limits', () => {
  let limited: Fintech;
  let other: Fintech;
  let tokens: { limited: string; other: string };

  beforeAll(async () => {
    [limited, other] = await Promise.all([
      new Fintech(api.url).register({ scope: 'bills', grant_types: ['client_credentials'] }),
      new Fintech(api.url).register({ scope: 'bills', grant_types: ['client_credentials'] }),
    ]);
    tokens = { limited: await limited.clientToken('bills'), other: await other.clientToken('bills') };
  });
  afterAll(async () => {
    await Promise.all([limited, other].map((client) => clearClientLimits(client.client.client_id)));
  });

  const decode = (client: Fintech, token: string) =>
    client.call(token, 'POST', '/v1/qr/decode', { Data: { Payload: 'not a code' } });

  it('answers a client over its rate 429 with Retry-After and RateLimit-*, before any handler runs', async () => {
    // Prepare: an operator gives the client 1 request a second with a burst of 2.
    await setClientLimits(limited.client.client_id, { ratePerSecond: 1, burst: 2, dailyQuota: 1000 });
    await api.gateway.limits!.refresh();
    const calls: string[] = [];
    const stop = onDynamoCall((key) => calls.push(`${key.operation} ${key.key}`));

    // Act
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await decode(limited, tokens.limited));
    stop();

    // Assess: two pass (200, Valid: false), the third is refused without reaching the handler,
    // whose first act would have been to record the DPoP proof.
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429]);
    const refused = answers[2]!;
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('ratelimit-limit')).toBe('1');
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');
    expect(refused.headers.get('ratelimit-reset')).toBe('1');
    expect(refused.json).toMatchObject({
      Code: '429',
      Errors: [
        { ErrorCode: 'VN.OB.Request.RateLimited', Message: expect.stringMatching(/1 requests a second/) },
      ],
    });
    expect(refused.json.Id).toBe(refused.headers.get('x-fapi-interaction-id'));
    expect(calls.filter((call) => call.startsWith('PutItem DPOP#'))).toHaveLength(2);
  });

  it('leaves another client unaffected by the first one’s limit', async () => {
    // Act
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await decode(other, tokens.other));

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('refuses a client over its daily quota until 00:00 UTC', async () => {
    // Prepare
    await setClientLimits(other.client.client_id, { ratePerSecond: 100, burst: 100, dailyQuota: 3 });
    await api.gateway.limits!.refresh();
    const secondsToMidnight = 86_400 - (Math.floor(Date.now() / 1000) % 86_400);

    // Act: 5 calls already counted today above, so the quota of 3 is already used.
    const refused = await decode(other, tokens.other);

    // Assess
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-limit')).toBe('3');
    const reset = Number(refused.headers.get('ratelimit-reset'));
    expect(Math.abs(reset - secondsToMidnight)).toBeLessThanOrEqual(2);
    expect(refused.headers.get('retry-after')).toBe(String(reset));
    expect(refused.json.Errors[0].Message).toMatch(/3 requests for today/);
  });

  it('applies an operator’s change of limits at the next refresh', async () => {
    // Prepare
    await clearClientLimits(other.client.client_id);
    await api.gateway.limits!.refresh();

    // Act
    const answer = await decode(other, tokens.other);

    // Assess: back on the defaults, far above 6 a day.
    expect(answer.status).toBe(200);
  });
});

describe('per-source limits on the OAuth endpoints', () => {
  it('refuses junk to /oauth2/token from one source without starving another source or a partner', async () => {
    // Act: one source sends junk until refused.
    const junk = [];
    for (let i = 0; i <= OAUTH_LIMIT; i++) junk.push(await postFrom('127.0.0.2', '/oauth2/token', JUNK));
    const fromElsewhere = await postFrom('127.0.0.3', '/oauth2/token', JUNK);
    const partner = await new Fintech(api.url).register({
      scope: 'bills',
      grant_types: ['client_credentials'],
    });
    const partnerToken = await partner.clientToken('bills');

    // Assess
    expect(junk.slice(0, OAUTH_LIMIT).every((answer) => answer.status === 400 || answer.status === 401)).toBe(
      true,
    );
    const refused = junk[OAUTH_LIMIT]!;
    expect(refused.status).toBe(429);
    expect(refused.headers['ratelimit-limit']).toBe(String(OAUTH_LIMIT));
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(600);
    expect(refused.json).toMatchObject({ Code: '429', Errors: [{ ErrorCode: 'VN.OB.Request.RateLimited' }] });
    expect(fromElsewhere.status).not.toBe(429);
    expect(partnerToken.length).toBeGreaterThan(20);
  });

  it('does not trust X-Forwarded-For to pick the source', async () => {
    // Act: the refused source claims to be someone else.
    const forged = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${api.url}/oauth2/token`,
        {
          method: 'POST',
          localAddress: '127.0.0.2',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': '198.51.100.7',
            'content-length': Buffer.byteLength(JUNK),
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JUNK);
    });

    // Assess
    expect(forged).toBe(429);
  });
});
