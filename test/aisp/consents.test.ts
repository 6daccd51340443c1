import { beforeAll, describe, expect, it } from 'vitest';
import { dpopProof } from '../helpers/crafted.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();
const path = '/v1/aisp/account-access-consents';

describe('account-access consents', () => {
  let fintech: Fintech;
  let token: string;
  beforeAll(async () => {
    fintech = await new Fintech(api.url).register({ scope: 'accounts' });
    token = await fintech.clientToken('accounts');
  });

  const create = (data: unknown, key: string = crypto.randomUUID()) =>
    fintech.call(token, 'POST', path, { Data: data, Risk: {} }, { 'x-idempotency-key': key });

  it('creates a consent awaiting authorisation, readable by its client', async () => {
    const expires = new Date(Date.now() + 90 * 86400_000).toISOString();
    const created = await create({
      Permissions: ['ReadAccountsBasic', 'ReadTransactionsBasic', 'ReadTransactionsCredits'],
      ExpirationDateTime: expires,
      TransactionFromDateTime: '2026-01-01T00:00:00+07:00',
    });
    const consentId = created.json.Data.ConsentId;
    const read = await fintech.call(token, 'GET', `${path}/${consentId}`);

    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`${api.url}${path}/${consentId}`);
    expect(read.json.Data).toMatchObject({
      ConsentId: consentId,
      Status: 'AwaitingAuthorisation',
      Permissions: ['ReadAccountsBasic', 'ReadTransactionsBasic', 'ReadTransactionsCredits'],
      ExpirationDateTime: expires,
      TransactionFromDateTime: '2025-12-31T17:00:00.000Z',
    });
    expect(Date.parse(read.json.Data.CreationDateTime)).toBeLessThanOrEqual(Date.now());
  });

  it('revokes with DELETE (204), after which the consent reads Revoked with a new status time', async () => {
    const created = await create({ Permissions: ['ReadBalances'] });
    const consentId = created.json.Data.ConsentId;
    const deleted = await fintech.call(token, 'DELETE', `${path}/${consentId}`);
    const read = await fintech.call(token, 'GET', `${path}/${consentId}`);
    expect(deleted.status).toBe(204);
    expect(read.json.Data.Status).toBe('Revoked');
    expect(read.json.Data.StatusUpdateDateTime >= read.json.Data.CreationDateTime).toBe(true);
  });

  it('replays the same response for a retried key and refuses the key with another body', async () => {
    const key = crypto.randomUUID();
    const first = await create({ Permissions: ['ReadBalances'] }, key);
    const retry = await create({ Permissions: ['ReadBalances'] }, key);
    const other = await create({ Permissions: ['ReadAccountsBasic'] }, key);
    expect(retry.status).toBe(201);
    expect(retry.json.Data.ConsentId).toBe(first.json.Data.ConsentId);
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    expect(other.status).toBe(400);
    expect(other.json.Errors[0].ErrorCode).toBe('VN.OB.Idempotency.Mismatch');
  });

  it('requires an idempotency key of 1–40 characters', async () => {
    const missing = await fintech.call(token, 'POST', path, { Data: { Permissions: ['ReadBalances'] } });
    const tooLong = await create({ Permissions: ['ReadBalances'] }, 'k'.repeat(41));
    expect(missing.status).toBe(400);
    expect(missing.json.Errors[0]).toMatchObject({
      ErrorCode: 'UK.OBIE.Header.Missing',
      Path: 'x-idempotency-key',
    });
    expect(tooLong.json.Errors[0].ErrorCode).toBe('UK.OBIE.Header.Invalid');
  });

  it.each([
    ['no Data', undefined, 'Data', 'UK.OBIE.Field.Missing'],
    ['no permissions', { Permissions: [] }, 'Data.Permissions', 'UK.OBIE.Field.Missing'],
    [
      'unknown permission',
      { Permissions: ['ReadEverything'] },
      'Data.Permissions[0]',
      'VN.OB.Consent.UnknownPermission',
    ],
    [
      'transactions without direction',
      { Permissions: ['ReadTransactionsDetail'] },
      'Data.Permissions',
      'VN.OB.Consent.PermissionCombination',
    ],
    [
      'direction without level',
      { Permissions: ['ReadTransactionsDebits'] },
      'Data.Permissions',
      'VN.OB.Consent.PermissionCombination',
    ],
    [
      'malformed date',
      { Permissions: ['ReadBalances'], ExpirationDateTime: '31/12/2026' },
      'Data.ExpirationDateTime',
      'UK.OBIE.Field.InvalidDate',
    ],
    [
      'date without offset',
      { Permissions: ['ReadBalances'], ExpirationDateTime: '2030-01-01T00:00:00' },
      'Data.ExpirationDateTime',
      'UK.OBIE.Field.InvalidDate',
    ],
    [
      'impossible date',
      { Permissions: ['ReadBalances'], ExpirationDateTime: '2030-02-31T00:00:00Z' },
      'Data.ExpirationDateTime',
      'UK.OBIE.Field.InvalidDate',
    ],
    [
      'date whose offset carries it past year 9999',
      { Permissions: ['ReadBalances'], ExpirationDateTime: '9999-12-31T23:59:59-23:59' },
      'Data.ExpirationDateTime',
      'UK.OBIE.Field.InvalidDate',
    ],
    [
      'date whose offset carries it before year 1',
      { Permissions: ['ReadBalances'], TransactionFromDateTime: '0001-01-01T00:00:00+23:59' },
      'Data.TransactionFromDateTime',
      'UK.OBIE.Field.InvalidDate',
    ],
    [
      'hour 24',
      { Permissions: ['ReadBalances'], ExpirationDateTime: '2030-01-01T24:00:00Z' },
      'Data.ExpirationDateTime',
      'UK.OBIE.Field.InvalidDate',
    ],
    [
      'expiry in the past',
      { Permissions: ['ReadBalances'], ExpirationDateTime: '2020-01-01T00:00:00Z' },
      'Data.ExpirationDateTime',
      'UK.OBIE.Field.InvalidDate',
    ],
    [
      'from after to',
      {
        Permissions: ['ReadBalances'],
        TransactionFromDateTime: '2026-06-01T00:00:00Z',
        TransactionToDateTime: '2026-01-01T00:00:00Z',
      },
      'Data.TransactionFromDateTime',
      'UK.OBIE.Field.InvalidDate',
    ],
    [
      'unknown field',
      { Permissions: ['ReadBalances'], Colour: 'blue' },
      'Data.Colour',
      'UK.OBIE.Field.Unexpected',
    ],
  ])('refuses %s with a 400 naming the field', async (_label, data, fieldPath, code) => {
    const result = await create(data);
    expect(result.status).toBe(400);
    expect(result.json.Errors).toContainEqual(expect.objectContaining({ ErrorCode: code, Path: fieldPath }));
  });

  it('answers malformed JSON and a wrong content type with 4xx envelopes, never 500', async () => {
    const fetchRaw = async (body: string, type: string) => {
      const target = `${api.url}${path}`;
      const response = await fetch(target, {
        method: 'POST',
        headers: {
          authorization: `DPoP ${token}`,
          dpop: await dpopProof(fintech.dpopKeys, { htm: 'POST', htu: target, accessToken: token }),
          'content-type': type,
          'x-idempotency-key': crypto.randomUUID(),
        },
        body,
      });
      return { status: response.status, json: await response.json() };
    };
    const malformed = await fetchRaw('{"Data": {', 'application/json');
    const wrongType = await fetchRaw('Permissions=ReadBalances', 'application/x-www-form-urlencoded');
    const notObject = await fetchRaw('[1,2,3]', 'application/json');
    expect(malformed).toMatchObject({
      status: 400,
      json: { Errors: [{ ErrorCode: 'VN.OB.Request.MalformedJson' }] },
    });
    expect(wrongType).toMatchObject({
      status: 415,
      json: { Errors: [{ ErrorCode: 'VN.OB.Request.UnsupportedMediaType' }] },
    });
    expect(notObject).toMatchObject({
      status: 400,
      json: { Errors: [{ ErrorCode: 'UK.OBIE.Resource.InvalidFormat' }] },
    });
  });
});
