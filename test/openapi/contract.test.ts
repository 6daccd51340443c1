import { describe, expect, it } from 'vitest';
import { contractViolation, failOnViolations, type ObservedResponse } from '../helpers/contract.ts';
import { useGateway } from '../helpers/gateway.ts';

// GET /v1/health answered by the banks handler: a real response that breaks HealthResponse.
const api = useGateway({
  routes: [{ method: 'GET', path: '/v1/health', handler: 'handlers/system/list-banks' }],
});

const json = 'application/json; charset=utf-8';
const health = {
  Data: { Status: 'Healthy', Storage: 'Available', LatencyMs: 3 },
  Links: { Self: 'http://127.0.0.1/v1/health' },
  Meta: {},
};
const notFound = {
  Code: '404',
  Id: '93bac548-d2de-4546-b106-880a5018460d',
  Message: 'No such consent.',
  Errors: [{ ErrorCode: 'UK.OBIE.Resource.NotFound', Message: 'No such consent.' }],
};

function response(change: Partial<ObservedResponse> & { json?: unknown }): ObservedResponse {
  const { json: body, ...rest } = change;
  return {
    method: 'GET',
    path: '/v1/health',
    status: 200,
    contentType: json,
    body: JSON.stringify(body ?? health),
    ...rest,
  };
}

describe('checking responses against the contract', () => {
  it('accepts a response that keeps its schema, and an error that is the ErrorResponse envelope', () => {
    expect(contractViolation(response({}))).toBeUndefined();
    const consent = '/v1/aisp/account-access-consents/aac-1';
    expect(contractViolation(response({ path: consent, status: 404, json: notFound }))).toBeUndefined();
    expect(contractViolation(response({ path: '/nowhere', status: 404, json: notFound }))).toBeUndefined();
  });

  it('names method, path, status and the schema error of a response that breaks its schema', () => {
    // Act
    const violation = contractViolation(response({ json: { ...health, Data: { Status: 'Fine' } } }));

    // Assess
    expect(violation).toMatch(
      /^GET \/v1\/health → 200: does not match #\/paths\/~1v1~1health\/get\/responses\/200/,
    );
    expect(violation).toContain("/Data must have required property 'Storage'");
    expect(violation).toContain('/Data/Status must be equal to one of the allowed values');
  });

  it('matches path templates and checks errors against ErrorResponse', () => {
    const broken = { ...notFound, Errors: [] };
    const violation = contractViolation(
      response({ path: '/v1/aisp/account-access-consents/aac-1', status: 404, json: broken }),
    );
    expect(violation).toMatch(
      /^GET \/v1\/aisp\/account-access-consents\/aac-1 \(\/v1\/aisp\/account-access-consents\/\{ConsentId\}\) → 404/,
    );
    expect(violation).toContain('/Errors must NOT have fewer than 1 items');
    expect(contractViolation(response({ path: '/nowhere', status: 404, json: { error: 'x' } }))).toMatch(
      /#\/components\/schemas\/ErrorResponse: \(body\) must have required property 'Code'/,
    );
  });

  it('refuses a status the operation does not document, and a JSON success on no operation', () => {
    expect(contractViolation(response({ method: 'DELETE', path: '/v1/banks', status: 200 }))).toMatch(
      /no operation DELETE \/v1\/banks/,
    );
    expect(contractViolation(response({ status: 418, json: notFound }))).toMatch(
      /status 418 is not documented/,
    );
  });

  it('holds a documented operation answering other than JSON to the status and media type it documents', () => {
    const page = { path: '/receipts/verify', contentType: 'text/html; charset=utf-8', body: '<html>' };
    expect(contractViolation(response(page))).toBeUndefined();
    expect(contractViolation(response({ ...page, status: 400 }))).toBeUndefined();
    expect(contractViolation(response({ ...page, status: 418 }))).toMatch(/status 418 is not documented/);
    expect(contractViolation(response({ ...page, contentType: 'text/plain' }))).toMatch(
      /a text\/plain body, but the document describes text\/html/,
    );
  });

  it('leaves undocumented pages, scripts, images and the authorization server alone', () => {
    expect(
      contractViolation(response({ path: '/docs', contentType: 'text/html', body: '<html>' })),
    ).toBeUndefined();
    expect(
      contractViolation(response({ path: '/account/consents', contentType: 'image/png', body: 'x' })),
    ).toBeUndefined();
    expect(
      contractViolation(response({ path: '/oauth2/token', status: 400, json: { error: 'x' } })),
    ).toBeUndefined();
    expect(
      contractViolation(response({ path: '/.well-known/openid-configuration', json: { issuer: 'x' } })),
    ).toBeUndefined();
  });

  it('fails the test that received a violation, listing each', () => {
    const violations = ['GET /v1/health → 200: does not match …'];
    expect(() => failOnViolations(violations, 'during this test')).toThrow(
      /1 response\(s\) sent during this test break the contract \(openapi\/openapi\.yaml\):\n- GET \/v1\/health → 200/,
    );
    expect(violations).toEqual([]);
  });

  it('catches a real response of the gateway that breaks the schema, whoever the client', async () => {
    // Act
    const answer = await fetch(`${api.url}/v1/health`);
    await answer.text();

    // Assess: taken here, so that the check after this test does not fail it.
    const violations = api.takeContractViolations();
    expect(answer.status).toBe(200);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toMatch(
      /^GET \/v1\/health → 200: does not match .*must have required property 'Status'/,
    );
  });
});
