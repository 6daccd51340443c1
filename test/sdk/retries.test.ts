import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { createOpenBankingClient } from '../../sdk/src/index.ts';
import { createCustomer, TEST_PASSWORD } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { ledgerHistory } from '../ledger/fixtures.ts';
import { initiation, payeeOf } from '../payments/fixtures.ts';
import { registeredClient } from './fixtures.ts';

const api = useGateway();

type Fault = 'forward-then-drop' | 'answer-503' | 'answer-429' | 'forward';

/**
 * A loopback server in front of the platform that fails the first attempts of one route as
 * scripted: it may forward a request and then cut the connection (the effect happened, the
 * answer is lost), or answer 503 or 429 itself; everything else is passed through.
 */
class FlakyProxy {
  server!: Server;
  url!: string;
  readonly keys: string[] = [];
  readonly forwardedAnswers: unknown[] = [];

  constructor(
    private readonly target: () => string,
    private readonly route: string,
    private readonly script: Fault[],
  ) {}

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const fault =
          `${req.method} ${req.url}` === this.route ? (this.script.shift() ?? 'forward') : 'forward';
        if (`${req.method} ${req.url}` === this.route)
          this.keys.push(String(req.headers['x-idempotency-key']));
        if (fault === 'answer-503') {
          res
            .writeHead(503, { 'content-type': 'application/json' })
            .end('{"Code":"503","Id":"proxy","Message":"try later","Errors":[]}');
          return;
        }
        if (fault === 'answer-429') {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
          res.end(
            '{"Code":"429","Id":"proxy","Message":"slow down","Errors":[{"ErrorCode":"VN.OB.Request.RateLimited","Message":"slow down"}]}',
          );
          return;
        }
        this.forward(req, body, (status, headers, answer) => {
          if (`${req.method} ${req.url}` === this.route)
            this.forwardedAnswers.push(JSON.parse(answer.toString()));
          if (fault === 'forward-then-drop') {
            req.socket.destroy();
            return;
          }
          res.writeHead(status, headers).end(answer);
        });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  private forward(
    req: IncomingMessage,
    body: Buffer,
    done: (status: number, headers: Record<string, string | string[] | undefined>, answer: Buffer) => void,
  ) {
    const target = new URL(req.url ?? '/', this.target());
    const upstream = httpRequest(target, { method: req.method, headers: req.headers }, (answer) => {
      const parts: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => parts.push(chunk));
      answer.on('end', () => done(answer.statusCode ?? 502, answer.headers, Buffer.concat(parts)));
    });
    upstream.on('error', () =>
      done(502, {}, Buffer.from('{"Code":"502","Id":"proxy","Message":"upstream","Errors":[]}')),
    );
    upstream.end(body);
  }
}

describe('retries reuse one idempotency key, so a payment has exactly one effect', () => {
  const proxy = new FlakyProxy(() => api.url, 'POST /v1/pisp/domestic-payments', [
    'forward-then-drop',
    'answer-503',
    'answer-429',
  ]);
  beforeAll(async () => {
    await proxy.start();
    // The platform's issuer is the address clients call (DPoP htu, discovery): the proxy's.
    process.env.PUBLIC_BASE_URL = proxy.url;
  });
  afterAll(() => proxy.server.close());

  it('pays once when the first attempt is cut after booking, the second gets 503 and the third 429', async () => {
    // Prepare
    const payer = await createCustomer([4_000_000]);
    const payee = await createCustomer([0]);
    const client = await registeredClient(proxy.url);
    const ob = createOpenBankingClient({
      baseUrl: proxy.url,
      ...client,
      retries: { maxRetries: 4, baseDelayMs: 20, maxDelayMs: 2_000 },
    });
    const body = {
      Data: { Initiation: initiation(payeeOf(payee), '150000') },
      Risk: { PaymentContextCode: 'PartyToParty' },
    };
    const consent = await ob.POST('/v1/pisp/domestic-payment-consents', { body: body as never });
    expect(consent.error).toBeUndefined();
    const session = await ob.sandbox.authorise({
      consentId: consent.data!.Data.ConsentId,
      username: payer.username,
      password: TEST_PASSWORD,
    });
    const balanceBefore = (await getAccount(payer.accounts[0]!.accountId))!.balance;

    // Act
    const payment = await session.POST('/v1/pisp/domestic-payments', {
      body: {
        Data: { ConsentId: consent.data!.Data.ConsentId, Initiation: body.Data.Initiation },
        Risk: body.Risk,
      } as never,
    });

    // Assess
    expect(payment.error).toBeUndefined();
    expect(proxy.keys).toHaveLength(4);
    expect(new Set(proxy.keys).size).toBe(1);
    expect(proxy.keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    const [lost, replayed] = proxy.forwardedAnswers as { Data: { DomesticPaymentId: string } }[];
    expect(replayed!.Data.DomesticPaymentId).toBe(lost!.Data.DomesticPaymentId);
    expect(payment.data!.Data.DomesticPaymentId).toBe(lost!.Data.DomesticPaymentId);
    expect((await getAccount(payer.accounts[0]!.accountId))!.balance).toBe(balanceBefore - 150_000);
    const debits = (await ledgerHistory(payer.accounts[0]!.accountId)).filter(
      (entry) => entry.creditDebit === 'Debit',
    );
    expect(debits).toHaveLength(1);
  }, 120_000);

  it('gives up after the cap and returns the last answer', async () => {
    // Prepare
    const capped = new FlakyProxy(() => api.url, 'GET /v1/banks', ['answer-503', 'answer-503', 'answer-503']);
    await capped.start();
    try {
      const client = await registeredClient(proxy.url);
      const ob = createOpenBankingClient({
        baseUrl: capped.url,
        ...client,
        retries: { maxRetries: 1, baseDelayMs: 10 },
      });

      // Act
      const { error } = await ob.GET('/v1/banks');

      // Assess
      expect(error).toMatchObject({ status: 503 });
      expect(capped.keys).toHaveLength(2);
    } finally {
      capped.server.close();
    }
  });
});
