import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { crc16 } from '../../functions/domain/vietqr/crc16.ts';
import { dpopProof } from '../helpers/crafted.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { rawRequest } from '../helpers/raw-http.ts';

// jsqr is CommonJS with a `default` property; typed as an ES module's default export.
const jsQR = jsqr.default;

const api = useGateway();
let partner: Fintech;
let token: string;

beforeAll(async () => {
  partner = await new Fintech(api.url).register({
    scope: 'bills payments',
    grant_types: ['client_credentials'],
  });
  token = await partner.clientToken('bills');
});

/** A city partner's call with its client-credentials token (scope bills). */
async function post(path: string, body: unknown) {
  return partner.call(token, 'POST', path, body);
}

const transfer = { BankBin: '970415', AccountNumber: '113366668888', Service: 'QRIBFTTA' };

describe('POST /v1/qr/vietqr', () => {
  it('answers 201 with the payload, a scannable PNG, an SVG and the decoded fields', async () => {
    // Act
    const { status, json, headers } = await post('/v1/qr/vietqr', {
      Data: { ...transfer, Amount: '150000', Purpose: 'Học phí tháng 9', BillNumber: 'HP2024-09' },
    });
    // Assess
    expect(status).toBe(201);
    expect(headers.get('location'), 'nothing is stored, so no Location').toBeNull();
    const { Payload, Png, Svg, Decoded } = json.Data;
    expect(Payload).toMatch(/^000201010212.*6304[0-9A-F]{4}$/);
    const image = PNG.sync.read(Buffer.from(Png, 'base64'));
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(Payload);
    expect(Svg).toMatch(/^<svg /);
    expect(Decoded).toMatchObject({
      BankBin: '970415',
      BankName: 'VietinBank',
      AccountNumber: '113366668888',
      Service: 'QRIBFTTA',
      Amount: '150000',
      Currency: '704',
      Country: 'VN',
      QrType: 'Dynamic',
      Purpose: 'Hoc phi thang 9',
      BillNumber: 'HP2024-09',
    });
    expect(json.Links.Self).toBe(`${api.url}/v1/qr/vietqr`);
    expect(json.Meta).toEqual({});
  });

  it('keeps a merchant name in Vietnamese in the alternate language template', async () => {
    const { status, json } = await post('/v1/qr/vietqr', {
      Data: { ...transfer, Service: 'QRPUSH', MerchantName: 'Bệnh viện Đà Nẵng', City: 'Đà Nẵng' },
    });
    expect(status).toBe(201);
    expect(json.Data.Decoded).toMatchObject({
      MerchantName: 'Benh vien Da Nang',
      City: 'Da Nang',
      AlternateLanguage: { LanguagePreference: 'vi', MerchantName: 'Bệnh viện Đà Nẵng', City: 'Đà Nẵng' },
    });
  });

  it('gives a QRCASH code a one-time reference and names the ATM as terminal when the request does not', async () => {
    // Act
    const first = await post('/v1/qr/vietqr', {
      Data: { ...transfer, AccountNumber: 'ATM0042', Service: 'QRCASH' },
    });
    const second = await post('/v1/qr/vietqr', {
      Data: { ...transfer, AccountNumber: 'ATM0042', Service: 'QRCASH' },
    });
    // Assess
    expect(first.status).toBe(201);
    expect(first.json.Data.Decoded).toMatchObject({
      MerchantCategoryCode: '6011',
      Terminal: 'ATM0042',
      QrType: 'Dynamic',
    });
    expect(first.json.Data.Decoded.Reference).toMatch(/^[0-9A-Z]{20}$/);
    expect(second.json.Data.Decoded.Reference).not.toBe(first.json.Data.Decoded.Reference);
  });

  describe('answers 400 naming the field', () => {
    it.each([
      ['a BIN of the wrong length', { BankBin: '97041' }, 'Data.BankBin'],
      ['a BIN outside the directory', { BankBin: '970499' }, 'Data.BankBin'],
      ['an account over 19 characters', { AccountNumber: '12345678901234567890' }, 'Data.AccountNumber'],
      ['an amount with decimals', { Amount: '150000.50' }, 'Data.Amount'],
      ['an amount over 13 digits', { Amount: '12345678901234' }, 'Data.Amount'],
      ['an amount sent as a number', { Amount: 150000 }, 'Data.Amount'],
      ['a purpose over 25 characters', { Purpose: 'Thanh toán học phí học kỳ 1' }, 'Data.Purpose'],
      ['a merchant name over 25 characters', { MerchantName: 'N'.repeat(26) }, 'Data.MerchantName'],
      ['an emoji in the purpose', { Purpose: 'Cảm ơn 🙏' }, 'Data.Purpose'],
      ['Chinese in the merchant name', { MerchantName: '河内商店' }, 'Data.MerchantName'],
      ['an unknown service', { Service: 'QRPAY' }, 'Data.Service'],
      ['an unknown field', { Colour: 'red' }, 'Data.Colour'],
      ['a field named like an inherited member', { constructor: 'x' }, 'Data.constructor'],
      [
        'a cash code for an amount no ATM pays out',
        { AccountNumber: 'ATM0042', Service: 'QRCASH', Amount: '123456' },
        'Data.Amount',
      ],
      ['a missing account', { AccountNumber: undefined }, 'Data.AccountNumber'],
    ])('%s', async (_case, change, path) => {
      const { status, json } = await post('/v1/qr/vietqr', { Data: { ...transfer, ...change } });
      expect(status).toBe(400);
      expect(json.Errors).toContainEqual(
        expect.objectContaining({ Path: path, ErrorCode: expect.stringMatching(/^UK\.OBIE\.Field\./) }),
      );
      expect(json.Errors.every((error: { Message: string }) => error.Message.length > 10)).toBe(true);
    });

    it('lists every bad field of one request together', async () => {
      const { status, json } = await post('/v1/qr/vietqr', {
        Data: { BankBin: '1', AccountNumber: 'x'.repeat(30), Service: 'QRIBFTTA', Amount: '1,5' },
      });
      expect(status).toBe(400);
      expect(json.Errors.map((error: { Path: string }) => error.Path)).toEqual([
        'Data.BankBin',
        'Data.AccountNumber',
        'Data.Amount',
      ]);
    });

    it('when there is no Data object', async () => {
      const { status, json } = await post('/v1/qr/vietqr', { BankBin: '970415' });
      expect(status).toBe(400);
      expect(json.Errors[0]).toMatchObject({ ErrorCode: 'UK.OBIE.Field.Missing', Path: 'Data' });
    });
  });

  it('answers malformed JSON with 400, never 500', async () => {
    const url = `${api.url}/v1/qr/vietqr`;
    const result = await rawRequest(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `DPoP ${token}`,
        dpop: await dpopProof(partner.dpopKeys, { htm: 'POST', htu: url, accessToken: token }),
      },
      body: '{"Data": {"BankBin": "970415"',
    });
    expect(result.status).toBe(400);
  });

  it('refuses a caller without a token, and a token without scope bills or payments', async () => {
    const anonymous = await fetch(`${api.url}/v1/qr/vietqr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Data: transfer }),
    });
    expect(anonymous.status).toBe(401);
    const reader = await new Fintech(api.url).register({ scope: 'accounts' });
    const url = `${api.url}/v1/qr/vietqr`;
    const accountsToken = await reader.clientToken('accounts');
    const wrongScope = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `DPoP ${accountsToken}`,
        dpop: await dpopProof(reader.dpopKeys, { htm: 'POST', htu: url, accessToken: accountsToken }),
      },
      body: JSON.stringify({ Data: transfer }),
    });
    expect(wrongScope.status).toBe(403);
  });
});

/** A payload up to and including `6304`, completed with its CRC. */
const withCrc = (payload: string) => payload + crc16(payload);

describe('POST /v1/qr/decode', () => {
  const valid =
    '00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8';

  it('answers 200 Valid:true with the fields of a valid payload', async () => {
    const { status, json } = await post('/v1/qr/decode', { Data: { Payload: valid } });
    expect(status).toBe(200);
    expect(json.Data).toEqual({
      Valid: true,
      Fields: expect.objectContaining({
        BankBin: '970416',
        BankName: 'ACB',
        AccountNumber: '257678859',
        Amount: '1000',
        Purpose: 'Chuyen tien',
      }),
      Problems: [],
    });
  });

  it.each([
    ['a truncated payload', valid.slice(0, 50), '38'],
    ['a tampered amount', valid.replace('54041000', '54049000'), '63'],
    ['a payload cut before the CRC', valid.slice(0, -8), '63'],
    ['text that is no QR payload', 'xin chào 😀', 'Payload'],
    ['an empty payload', '', 'Payload'],
    [
      'a Vietnamese merchant name hiding a zero-width space',
      withCrc(`${valid.slice(0, -8)}64190002vi0109Bệnh\u200bviện6304`),
      '64/01',
    ],
  ])('answers 200 Valid:false with tag-path problems for %s', async (_case, payload, path) => {
    const { status, json } = await post('/v1/qr/decode', { Data: { Payload: payload } });
    expect(status).toBe(200);
    expect(json.Data.Valid).toBe(false);
    expect(json.Data.Problems).toContainEqual({ Path: path, Message: expect.any(String) });
  });

  it('answers 400 when the payload is missing or not a string', async () => {
    const missing = await post('/v1/qr/decode', { Data: {} });
    const number = await post('/v1/qr/decode', { Data: { Payload: 42 } });
    expect(missing.status).toBe(400);
    expect(missing.json.Errors[0]).toMatchObject({
      ErrorCode: 'UK.OBIE.Field.Missing',
      Path: 'Data.Payload',
    });
    expect(number.status).toBe(400);
    expect(number.json.Errors[0]).toMatchObject({ ErrorCode: 'UK.OBIE.Field.Invalid', Path: 'Data.Payload' });
  });

  it('decodes what POST /v1/qr/vietqr made into the same fields', async () => {
    const created = await post('/v1/qr/vietqr', {
      Data: { ...transfer, Amount: '2000000', Purpose: 'Nộp phạt giao thông' },
    });
    const decoded = await post('/v1/qr/decode', { Data: { Payload: created.json.Data.Payload } });
    expect(decoded.json.Data).toMatchObject({ Valid: true, Fields: created.json.Data.Decoded });
  });
});
