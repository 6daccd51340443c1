import { describe, expect, expectTypeOf, it } from 'vitest';
import { createOpenBankingClient, dpopTarget, type Schemas } from '../../sdk/index.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();

/** Passes every request through to the network, keeping a copy of what was sent. */
function recordingFetch() {
  const sent: Request[] = [];
  return {
    sent,
    fetch: (request: Request) => {
      sent.push(request.clone());
      return fetch(request);
    },
  };
}

describe('the generated SDK against the local gateway', () => {
  it('reads GET /v1/health as typed data', async () => {
    // Prepare
    const client = createOpenBankingClient({ baseUrl: api.url });

    // Act
    const { data, error, response } = await client.GET('/v1/health');

    // Assess
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expectTypeOf(data!.Data.Status).toEqualTypeOf<'Healthy' | 'Degraded'>();
    expectTypeOf(data!.Data.LatencyMs).toEqualTypeOf<number>();
    expect(data?.Data).toMatchObject({ Status: 'Healthy', Storage: 'Available' });
    expect(data?.Data.LatencyMs).toBeGreaterThanOrEqual(0);
    expect(data?.Links.Self).toBe(`${api.url}/v1/health`);
  });

  it('lists GET /v1/banks as typed banks, VietinBank among them', async () => {
    // Prepare
    const client = createOpenBankingClient({ baseUrl: `${api.url}/` });

    // Act
    const { data, error } = await client.GET('/v1/banks');

    // Assess
    expect(error).toBeUndefined();
    expectTypeOf(data!.Data.Bank).toEqualTypeOf<Schemas['Bank'][]>();
    expect(data?.Data.Bank).toContainEqual({
      Bin: '970415',
      ShortName: 'VietinBank',
      Name: 'Ngân hàng TMCP Công thương Việt Nam',
    });
    for (const bank of data?.Data.Bank ?? []) expect(bank.Bin).toMatch(/^[0-9]{6}$/);
    expect(data?.Meta.TotalPages).toBe(1);
  });

  it('returns the error envelope typed as ErrorResponse', async () => {
    // Prepare
    const client = createOpenBankingClient({ baseUrl: api.url });

    // Act: a query parameter the contract does not define, which the types forbid too.
    const { data, error, response } = await client.GET('/v1/banks', {
      params: { query: { colour: 'blue' } as never },
    });

    // Assess
    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expectTypeOf(error!).toEqualTypeOf<Schemas['ErrorResponse']>();
    expect(error).toMatchObject({
      Code: '400',
      Id: response.headers.get('x-fapi-interaction-id'),
      Errors: [{ ErrorCode: 'UK.OBIE.Field.Unexpected', Path: 'colour' }],
    });
  });

  it('sends a fresh x-fapi-interaction-id with every request and gets it echoed', async () => {
    // Prepare
    const recorder = recordingFetch();
    const client = createOpenBankingClient({ baseUrl: api.url, fetch: recorder.fetch });

    // Act
    const first = await client.GET('/v1/banks');
    const second = await client.GET('/v1/banks');

    // Assess
    const [a, b] = recorder.sent.map((request) => request.headers.get('x-fapi-interaction-id'));
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).not.toBe(a);
    expect(first.response.headers.get('x-fapi-interaction-id')).toBe(a);
    expect(second.response.headers.get('x-fapi-interaction-id')).toBe(b);
  });

  it('keeps an interaction id the caller sets', async () => {
    // Prepare
    const client = createOpenBankingClient({ baseUrl: api.url });
    const id = '6f1c2a4e-8b3d-4e5f-9a7c-0d1e2f3a4b5c';

    // Act
    const { response } = await client.GET('/v1/health', {
      params: { header: { 'x-fapi-interaction-id': id } },
    });

    // Assess
    expect(response.headers.get('x-fapi-interaction-id')).toBe(id);
  });

  it('adds the headers of the authorize hook to each request, computed from that request', async () => {
    // Prepare
    const recorder = recordingFetch();
    const targets: { htm: string; htu: string }[] = [];
    const client = createOpenBankingClient({
      baseUrl: api.url,
      fetch: recorder.fetch,
      authorize: async (request) => {
        const target = dpopTarget(request);
        targets.push(target);
        return { authorization: 'DPoP token-123', dpop: `proof-for ${target.htm} ${target.htu}` };
      },
    });

    // Act
    await client.GET('/v1/banks', { params: { query: { colour: 'blue' } as never } });

    // Assess
    expect(targets).toEqual([{ htm: 'GET', htu: `${api.url}/v1/banks` }]);
    const sent = recorder.sent[0]!;
    expect(sent.headers.get('authorization')).toBe('DPoP token-123');
    expect(sent.headers.get('dpop')).toBe(`proof-for GET ${api.url}/v1/banks`);
  });
});
