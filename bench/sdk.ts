/**
 * The SDK's cost to a caller, on a loopback server so that only the client side is measured:
 * - overhead per call: `ob.GET('/v1/aisp/account-access-consents/{ConsentId}')` (cached
 *   client-credentials token, a fresh DPoP proof by oauth4webapi, openapi-fetch middleware,
 *   retries wrapper, JSON parsing) against a bare `fetch` of the same URL with a DPoP proof made
 *   by hand with `jose` (the same proof claims, `ath` included) and `response.json()`;
 *   interleaved batches, the ratio is the median over the repeats; the same batches' CPU time
 *   per call too (`process.cpuUsage`, the loopback server's share included on both sides), which
 *   a loaded machine disturbs far less than wall time;
 * - the token cache hit rate over 1,000 calls: how many calls reached the token endpoint;
 * - the bundle size of `sdk/src/index.ts` (esbuild, minified, ESM, platform node, its
 *   dependencies included) against its four dependencies bundled alone.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { projectRoot } from '../lib/paths.ts';
import { createOpenBankingClient } from '../sdk/src/index.ts';
import { type BenchRow, compared, median, quick, round } from './report.ts';

const CONSENT_ID = 'aac-bench-0001';
const PATH = `/v1/aisp/account-access-consents/${CONSENT_ID}`;
const ANSWER = JSON.stringify({
  Data: {
    ConsentId: CONSENT_ID,
    Status: 'AwaitingAuthorisation',
    CreationDateTime: '2026-12-02T00:00:00+07:00',
    StatusUpdateDateTime: '2026-12-02T00:00:00+07:00',
    Permissions: ['ReadAccountsDetail', 'ReadBalances'],
  },
  Risk: {},
  Links: { Self: `http://127.0.0.1${PATH}` },
  Meta: {},
});

/** Discovery, a token endpoint (counted) and one resource answer; nothing is verified. */
async function loopback(): Promise<{ server: Server; url: string; tokenRequests: () => number }> {
  let tokens = 0;
  let url = '';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/.well-known/openid-configuration') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            issuer: url,
            token_endpoint: `${url}/token`,
            authorization_endpoint: `${url}/auth`,
            pushed_authorization_request_endpoint: `${url}/request`,
            jwks_uri: `${url}/jwks`,
            token_endpoint_auth_methods_supported: ['private_key_jwt'],
            dpop_signing_alg_values_supported: ['ES256'],
          }),
        );
        return;
      }
      if (path === '/token') {
        tokens += 1;
        res
          .writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' })
          .end(JSON.stringify({ access_token: `tok-${tokens}`, token_type: 'DPoP', expires_in: 600 }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { server, url, tokenRequests: () => tokens };
}

/** A bare caller: the same request, with a DPoP proof signed by hand with jose. */
async function bareCaller(url: string, token: string): Promise<() => Promise<unknown>> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const jwk = await exportJWK(publicKey);
  const ath = createHash('sha256').update(token).digest('base64url');
  return async () => {
    const proof = await new SignJWT({ htm: 'GET', htu: `${url}${PATH}`, jti: randomUUID(), ath })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .setIssuedAt()
      .sign(privateKey);
    const response = await fetch(`${url}${PATH}`, {
      headers: { authorization: `DPoP ${token}`, dpop: proof, accept: 'application/json' },
    });
    return response.json();
  };
}

/** Wall time and CPU time (user + system, µs) per call over a batch. */
async function timeBatch(call: () => Promise<unknown>, n: number): Promise<{ ms: number; cpuUs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i += 1) await call();
  const used = process.cpuUsage(cpu);
  return { ms: (performance.now() - started) / n, cpuUs: (used.user + used.system) / n };
}

async function bundleBytes(entry: string, contents?: string): Promise<number> {
  const result = await build({
    ...(contents === undefined
      ? { entryPoints: [entry] }
      : { stdin: { contents, resolveDir: projectRoot, loader: 'ts' } }),
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles.reduce((sum, file) => sum + file.contents.byteLength, 0);
}

export async function benchSdk(): Promise<BenchRow[]> {
  const repeats = quick() ? 3 : 7;
  const batch = quick() ? 100 : 300;
  const cacheCalls = 1_000;
  const { server, url, tokenRequests } = await loopback();
  try {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const ob = createOpenBankingClient({
      baseUrl: url,
      clientId: 'bench-client',
      privateKey: await exportJWK(privateKey),
      scope: 'accounts',
    });
    const sdkCall = async () => {
      const { data, error } = await ob.GET('/v1/aisp/account-access-consents/{ConsentId}', {
        params: { path: { ConsentId: CONSENT_ID } },
      });
      if (error || !data) throw new Error(`bench/sdk: the SDK call failed: ${JSON.stringify(error)}`);
      return data;
    };
    const bare = await bareCaller(url, 'tok-1');
    // Warm both paths (discovery, first token, JIT) before timing.
    for (let i = 0; i < 50; i += 1) {
      await sdkCall();
      await bare();
    }
    const sdkMs: number[] = [];
    const bareMs: number[] = [];
    const ratios: number[] = [];
    const sdkCpu: number[] = [];
    const bareCpu: number[] = [];
    const cpuRatios: number[] = [];
    for (let r = 0; r < repeats; r += 1) {
      // Interleaved, alternating which goes first, so drift in machine load hits both.
      const first = r % 2 === 0;
      const a = first ? await timeBatch(sdkCall, batch) : await timeBatch(bare, batch);
      const b = first ? await timeBatch(bare, batch) : await timeBatch(sdkCall, batch);
      const [s, p] = first ? [a, b] : [b, a];
      sdkMs.push(s.ms);
      bareMs.push(p.ms);
      ratios.push(s.ms / p.ms);
      sdkCpu.push(s.cpuUs);
      bareCpu.push(p.cpuUs);
      cpuRatios.push(s.cpuUs / p.cpuUs);
    }
    const perCall = compared(
      'sdk: GET per call (proof, middleware, parsing) vs bare fetch + hand-made DPoP proof',
      median(sdkMs),
      median(bareMs),
      'ms/call',
      `${repeats} interleaved repeats of ${batch} calls on a loopback server; overhead ${round((median(sdkMs) - median(bareMs)) * 1000, 0)} µs/call`,
      3,
    );
    perCall.ratio = round(median(ratios), 3);
    perCall.spread = [round(Math.min(...ratios), 3), round(Math.max(...ratios), 3)];
    const cpuPerCall = compared(
      'sdk: CPU per call (same batches) vs bare fetch + hand-made DPoP proof',
      median(sdkCpu),
      median(bareCpu),
      'µs CPU/call',
      `user + system time of this process (the loopback server's share, the same on both sides, included); overhead ${round(median(sdkCpu) - median(bareCpu), 0)} µs CPU/call`,
      0,
    );
    cpuPerCall.ratio = round(median(cpuRatios), 3);
    cpuPerCall.spread = [round(Math.min(...cpuRatios), 3), round(Math.max(...cpuRatios), 3)];

    // Token cache: a fresh client, 1,000 calls, count the token endpoint's requests.
    const fresh = createOpenBankingClient({
      baseUrl: url,
      clientId: 'bench-client',
      privateKey: await exportJWK(privateKey),
      scope: 'accounts',
    });
    const before = tokenRequests();
    for (let i = 0; i < cacheCalls; i += 1) {
      const { error } = await fresh.GET('/v1/aisp/account-access-consents/{ConsentId}', {
        params: { path: { ConsentId: CONSENT_ID } },
      });
      if (error) throw new Error(`bench/sdk: ${JSON.stringify(error)}`);
    }
    const fetched = tokenRequests() - before;
    const hitRate: BenchRow = {
      name: 'sdk: client-credentials token cache hit rate',
      value: round((100 * (cacheCalls - fetched)) / cacheCalls, 1),
      unit: '%',
      note: `${fetched} token request(s) for ${cacheCalls} calls (token lifetime 600 s, renewed 30 s before expiry)`,
    };

    const sdkBytes = await bundleBytes(join(projectRoot, 'sdk/src/index.ts'));
    const depsBytes = await bundleBytes(
      '',
      "export * as oauth from 'oauth4webapi'; export * as jose from 'jose'; export { default as createClient } from 'openapi-fetch'; export { Webhook } from 'standardwebhooks';",
    );
    const size = compared(
      'sdk: bundle size (esbuild, minified, ESM) vs its dependencies alone (oauth4webapi, jose, openapi-fetch, standardwebhooks)',
      sdkBytes / 1024,
      depsBytes / 1024,
      'KiB',
    );
    return [perCall, cpuPerCall, hitRate, size];
  } finally {
    server.close();
  }
}
