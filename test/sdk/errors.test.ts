import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  Conflict,
  createOpenBankingClient,
  Forbidden,
  InvalidRequest,
  NotFound,
  RateLimited,
  ServerError,
  Unauthorized,
} from '../../sdk/src/index.ts';
import { approve } from '../cash/terminal.ts';
import { createCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { READ_EVERYTHING, registeredClient } from './fixtures.ts';

let failHealth = false;
const api = useGateway({
  // Low per-client limits, so that a burst of one client gets real 429s.
  limits: { defaults: { ratePerSecond: 2, burst: 4, dailyQuota: 100_000 } },
  // A handler that crashes: the gateway answers its generic 500, as API Gateway would.
  around: (route, invoke) =>
    failHealth && route.path === '/v1/health' ? Promise.reject(new Error('crash for the test')) : invoke(),
});

async function sdkFor(scope = 'openid accounts payments', retries = 0) {
  const client = await registeredClient(api.url, scope);
  return createOpenBankingClient({ baseUrl: api.url, ...client, retries: { maxRetries: retries } });
}

describe('each error class comes from a real answer of the platform', () => {
  it('InvalidRequest: a consent without permissions, with the code, field and interaction id', async () => {
    const ob = await sdkFor();
    const { error, response } = await ob.POST('/v1/aisp/account-access-consents', {
      body: { Data: { Permissions: [] }, Risk: {} } as never,
    });
    expect(error).toBeInstanceOf(InvalidRequest);
    expect(error).toMatchObject({
      status: 400,
      Code: '400',
      Path: expect.stringMatching(/^Data\.Permissions/),
    });
    expect((error as InvalidRequest).code).toMatch(/^UK\.OBIE\.Field\./);
    expect((error as InvalidRequest).interactionId).toBe(response!.headers.get('x-fapi-interaction-id'));
  });

  it('Unauthorized: a token the platform does not accept, after one retry with a fresh one', async () => {
    const ob = await sdkFor();
    const session = ob.resumeSession({
      accessToken: 'not-a-token',
      refreshToken: undefined,
      expiresAt: Date.now() + 60_000,
      scope: 'accounts',
    });
    const { error } = await session.GET('/v1/aisp/accounts');
    expect(error).toBeInstanceOf(Unauthorized);
    expect((error as Unauthorized).code).toBe('VN.OB.Auth.InvalidToken');
  });

  it('Forbidden: the sandbox refuses a wrong password', async () => {
    const ob = await sdkFor();
    const customer = await createCustomer();
    const { data } = await ob.POST('/v1/aisp/account-access-consents', { body: READ_EVERYTHING });
    const promise = ob.sandbox.authorise({
      consentId: data!.Data.ConsentId,
      username: customer.username,
      password: 'wrong password',
    });
    await expect(promise).rejects.toBeInstanceOf(Forbidden);
    await expect(promise).rejects.toMatchObject({ code: 'VN.OB.Sandbox.InvalidCredentials', status: 403 });
  });

  it('NotFound: a consent that does not exist for this client', async () => {
    const ob = await sdkFor();
    const { error } = await ob.GET('/v1/aisp/account-access-consents/{ConsentId}', {
      params: { path: { ConsentId: 'aac-does-not-exist' } },
    });
    expect(error).toBeInstanceOf(NotFound);
    expect((error as NotFound).code).toBe('UK.OBIE.Resource.NotFound');
  });

  it('Conflict: a second withdrawal report of a completed cash session', async () => {
    const ob = await sdkFor('cash');
    const customer = await createCustomer([3_000_000]);
    const opened = await ob.POST('/v1/cash/sessions', { body: { Data: { TerminalId: 'CT0400' } } });
    expect(opened.error).toBeUndefined();
    const approved = await approve(api.url, {
      Payload: opened.data!.Data.Qr.Payload,
      Username: customer.username,
      AccountId: customer.accounts[0]!.accountId,
      Amount: '100000',
    });
    expect(approved.status).toBe(201);
    const report = {
      body: { Data: { SessionId: opened.data!.Data.SessionId, Outcome: 'Dispensed' as const } },
    };
    const first = await ob.POST('/v1/cash/withdrawals', report);
    const second = await ob.POST('/v1/cash/withdrawals', report);
    expect(first.error).toBeUndefined();
    expect(second.error).toBeInstanceOf(Conflict);
    expect((second.error as Conflict).code).toBe('VN.OB.Cash.AlreadyReported');
  });

  it('RateLimited: a burst over the client limit, with Retry-After', async () => {
    const ob = await sdkFor();
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        ob.GET('/v1/aisp/account-access-consents/{ConsentId}', {
          params: { path: { ConsentId: 'aac-none' } },
        }),
      ),
    );
    const limited = answers.map((a) => a.error).filter((e) => e instanceof RateLimited);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0]).toMatchObject({ status: 429, code: 'VN.OB.Request.RateLimited' });
    expect((limited[0] as RateLimited).retryAfterSeconds).toBeGreaterThan(0);
  });

  it('ServerError: a handler that crashes answers the generic 500, typed', async () => {
    const ob = await sdkFor();
    failHealth = true;
    try {
      const { error } = await ob.GET('/v1/health');
      expect(error).toBeInstanceOf(ServerError);
      expect((error as ServerError).status).toBe(500);
      expect((error as ServerError).code).toBe('UK.OBIE.UnexpectedError');
    } finally {
      failHealth = false;
    }
  });
});

describe('answers that are not the contract’s JSON', () => {
  it('turns an HTML page and a cut-off JSON body into typed errors, never an unhandled exception', async () => {
    const server = createServer((req, res) => {
      if (req.url === '/v1/banks') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"Data": {"Bank": [');
        return;
      }
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad gateway</body></html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const ob = createOpenBankingClient({
        baseUrl: `http://127.0.0.1:${port}`,
        clientId: 'any',
        privateKey: (await registeredClient(api.url)).privateKey,
        retries: { maxRetries: 0 },
      });
      const truncated = await ob.GET('/v1/banks');
      const html = await ob.GET('/v1/health');
      expect(truncated.error).toBeInstanceOf(ServerError);
      expect((truncated.error as ServerError).message).toMatch(/not JSON/);
      expect(html.error).toBeInstanceOf(ServerError);
      expect((html.error as ServerError).status).toBe(502);
      expect((html.error as ServerError).message).toMatch(/Bad gateway/);
    } finally {
      server.close();
    }
  });
});

describe('options are checked when the client is built', () => {
  it('refuses a missing clientId, a public key and a key on the wrong curve with clear messages', async () => {
    const { privateKey } = await registeredClient(api.url);
    const { d: _d, ...publicJwk } = privateKey as Record<string, string>;
    const build = (options: object) => () =>
      createOpenBankingClient({ baseUrl: api.url, clientId: 'c', privateKey, ...options } as never);
    expect(build({ clientId: undefined })).toThrow(/`clientId` is required/);
    expect(build({ privateKey: publicJwk })).toThrow(/public JWK \(no "d"\)/);
    expect(build({ privateKey: { ...privateKey, crv: 'P-384' } })).toThrow(/ES256 needs P-256/);
    expect(build({ privateKey: undefined })).toThrow(/`privateKey` is required/);
    expect(build({ baseUrl: 'http://bank.example' })).toThrow(/must use https/);
    expect(build({ baseUrl: 'not a url' })).toThrow(/absolute URL/);
  });
});
