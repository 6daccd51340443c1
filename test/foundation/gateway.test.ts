import { describe, expect, it } from 'vitest';
import { useGateway } from '../helpers/gateway.ts';
import { rawRequest } from '../helpers/raw-http.ts';

const api = useGateway();

async function call(path: string, init: RequestInit = {}) {
  const response = await fetch(api.url + path, init);
  const text = await response.text();
  return { response, status: response.status, json: text ? JSON.parse(text) : undefined };
}

describe('local gateway', () => {
  it('serves GET /v1/health through the real handler and the real engine', async () => {
    const { status, json, response } = await call('/v1/health');
    expect(status).toBe(200);
    expect(json.Data).toMatchObject({ Status: 'Healthy', Storage: 'Available' });
    expect(response.headers.get('x-fapi-interaction-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('echoes a well-formed x-fapi-interaction-id', async () => {
    const id = '93bac548-d2de-4546-b106-880a5018460d';
    const { response } = await call('/v1/banks', { headers: { 'x-fapi-interaction-id': id } });
    expect(response.headers.get('x-fapi-interaction-id')).toBe(id);
  });

  it('answers an unknown route with 404 in the error envelope', async () => {
    const { status, json, response } = await call('/v1/nowhere');
    expect(status).toBe(404);
    expect(json).toMatchObject({ Code: '404', Errors: [{ ErrorCode: 'VN.OB.Route.NotFound' }] });
    expect(json.Id).toBe(response.headers.get('x-fapi-interaction-id'));
  });

  it('answers a wrong method with 405 and an Allow header', async () => {
    const { status, json, response } = await call('/v1/banks', { method: 'DELETE' });
    expect(status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
    expect(json.Errors[0].ErrorCode).toBe('VN.OB.Route.MethodNotAllowed');
  });

  it('refuses a body over 1 MiB with 413 before calling the handler', async () => {
    const result = await rawRequest(`${api.url}/v1/banks`, {
      method: 'GET',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(1024 * 1024 + 1, 0x20),
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.text).Errors[0].ErrorCode).toBe('VN.OB.Request.TooLarge');
  });

  it('rejects unknown query parameters on a documented route', async () => {
    const { status, json } = await call('/v1/banks?colour=blue');
    expect(status).toBe(400);
    expect(json.Errors[0]).toMatchObject({ ErrorCode: 'UK.OBIE.Field.Unexpected', Path: 'colour' });
  });

  it('rejects a body on a route that takes none', async () => {
    const result = await rawRequest(`${api.url}/v1/banks`, {
      method: 'GET',
      headers: { 'content-type': 'application/json' },
      body: '{"Data":{}}',
    });
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text).Errors[0].ErrorCode).toBe('VN.OB.Request.UnexpectedBody');
  });

  it('links Self to the URL the client called', async () => {
    const { json } = await call('/v1/banks');
    expect(json.Links.Self).toBe(`${api.url}/v1/banks`);
    expect(json.Data.Bank).toContainEqual(
      expect.objectContaining({ Bin: '970415', ShortName: 'VietinBank' }),
    );
  });
});
