import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { routes } from '../../functions/routing/routes.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();
const run = promisify(execFile);

interface Operation {
  operationId?: string;
  responses: Record<string, { headers?: Record<string, unknown> }>;
}
type Document = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; openIdConnectUrl?: string }> };
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

async function served(): Promise<{ response: Response; document: Document }> {
  const response = await fetch(`${api.url}/openapi.json`);
  return { response, document: (await response.json()) as Document };
}

function operations(document: Document): [string, string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]): [string, string, Operation] => [method, path, operation]),
  );
}

describe('GET /openapi.json', () => {
  it('serves the OpenAPI 3.1 document naming the server it was fetched from', async () => {
    // Act
    const { response, document } = await served();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-fapi-interaction-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
    expect(document.servers).toEqual([{ url: api.url, description: expect.any(String) }]);
    expect(document.components.securitySchemes.OpenBanking).toMatchObject({
      type: 'openIdConnect',
      openIdConnectUrl: `${api.url}/.well-known/openid-configuration`,
    });
  });

  it('leaves the /sandbox/* paths out outside sandbox, where they are not served', async () => {
    // Act
    process.env.SANDBOX = '0';
    const live = await served().finally(() => {
      process.env.SANDBOX = '1';
    });
    const sandbox = await served();
    // Assess
    const sandboxPaths = (document: Document) =>
      Object.keys(document.paths).filter((p) => p.startsWith('/sandbox/'));
    expect(sandboxPaths(live.document)).toEqual([]);
    expect(sandboxPaths(sandbox.document).length).toBeGreaterThanOrEqual(5);
  });

  it('documents every path of the contract', async () => {
    // Act
    const { document } = await served();

    // Assess
    const documented = operations(document).map(([method, path]) => `${method.toUpperCase()} ${path}`);
    expect(documented).toEqual(
      expect.arrayContaining([
        'GET /v1/health',
        'GET /v1/banks',
        'POST /v1/aisp/account-access-consents',
        'GET /v1/aisp/account-access-consents/{ConsentId}',
        'DELETE /v1/aisp/account-access-consents/{ConsentId}',
        'GET /v1/aisp/accounts',
        'GET /v1/aisp/accounts/{AccountId}',
        'GET /v1/aisp/accounts/{AccountId}/balances',
        'GET /v1/aisp/accounts/{AccountId}/transactions',
        'POST /v1/pisp/domestic-payment-consents',
        'GET /v1/pisp/domestic-payment-consents/{ConsentId}',
        'GET /v1/pisp/domestic-payment-consents/{ConsentId}/funds-confirmation',
        'POST /v1/pisp/domestic-payments',
        'GET /v1/pisp/domestic-payments/{DomesticPaymentId}',
        'POST /v1/qr/vietqr',
        'POST /v1/qr/decode',
        'POST /v1/cash/sessions',
        'POST /v1/cash/withdrawals',
        'GET /sandbox/customers',
        'POST /sandbox/qr-payments',
        'POST /sandbox/cash-approvals',
        'GET /openapi.json',
        'GET /docs',
      ]),
    );
  });

  it('documents every route of the route table, except the authorization server and the customer pages', async () => {
    // Prepare
    const { document } = await served();
    // Found by discovery, or HTML pages for people (sign-in, consent, the sharing page, the hosted checkout): not API.
    const authorizationServer = /^\/(\.well-known|oauth2|interaction|account|checkout)\//;

    // Act
    const undocumented = routes
      .filter((route) => !authorizationServer.test(route.path))
      .filter((route) => !document.paths[route.path]?.[route.method.toLowerCase()])
      .map((route) => `${route.method} ${route.path}`);

    // Assess
    expect(undocumented).toEqual([]);
  });

  it('gives every operation a unique camelCase operationId and x-fapi-interaction-id on every response', async () => {
    // Act
    const { document } = await served();

    // Assess
    const ids = operations(document).map(([, , operation]) => operation.operationId);
    expect(ids.every((id) => /^[a-z][A-Za-z0-9]*$/.test(id ?? ''))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    const missing = operations(document).flatMap(([method, path, operation]) =>
      Object.entries(operation.responses)
        .filter(([, response]) => !('$ref' in response) && !response.headers?.['x-fapi-interaction-id'])
        .map(([status]) => `${method} ${path} ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it('passes the Redocly linter with the project rules, as served', async () => {
    // Prepare
    const { document } = await served();
    const dir = await mkdtemp(join(tmpdir(), 'openapi-'));
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    const cli = join(process.cwd(), 'node_modules', '.bin', 'redocly');

    // Act
    const result = await run(cli, ['lint', file, '--config', join(process.cwd(), 'redocly.yaml')], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    }).catch((error: { stdout: string; stderr: string }) => error);

    // Assess
    expect(`${result.stdout}${result.stderr}`).toMatch(/valid/);
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/error|warning/i);
  });
});

describe('GET /docs', () => {
  it('serves a Redoc page that loads the document and the script from this origin', async () => {
    // Act
    const response = await fetch(`${api.url}/docs`);
    const html = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-fapi-interaction-id')).toBeTruthy();
    expect(html).toContain('<redoc spec-url="/openapi.json"');
    expect(html).toContain('<script src="/docs/redoc.standalone.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('serves Redoc standalone script itself, byte for byte, as cacheable JavaScript', async () => {
    // Prepare
    const installed = await readFile(
      createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js'),
      'utf8',
    );

    // Act
    const response = await fetch(`${api.url}/docs/redoc.standalone.js`);
    const script = await response.text();

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
    expect(script.length).toBeGreaterThan(100_000);
    expect(script).toBe(installed);
  });
});
