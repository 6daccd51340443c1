import { describe, expect, it } from 'vitest';
import { decodeVietQr } from '#domain/vietqr/decode.ts';
import { encodeVietQr, type VietQrInput } from '#domain/vietqr/encode.ts';

function payloadOf(input: VietQrInput): string {
  const result = encodeVietQr(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.payload;
}

function errorsOf(input: VietQrInput) {
  const result = encodeVietQr(input);
  if (result.ok) throw new Error(`expected errors, got ${result.payload}`);
  return result.errors;
}

const account = { bankBin: '970415', accountNumber: '113366668888', service: 'QRIBFTTA' };

describe('encodeVietQr', () => {
  it('reproduces the published ACB static and dynamic codes byte for byte', () => {
    // vietnam-qr-pay README (qr-vectors #14 and #15).
    const acb = { bankBin: '970416', accountNumber: '257678859', service: 'QRIBFTTA' };
    expect(payloadOf(acb)).toBe(
      '00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F',
    );
    expect(payloadOf({ ...acb, amount: '10000', purpose: 'Chuyen tien' })).toBe(
      '00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6',
    );
  });

  it('reproduces the NAPAS dynamic-to-card example of the VietQR specification', () => {
    // NAPAS VietQR v1.0 §6.1.4 (qr-vectors #3).
    const payload = payloadOf({
      bankBin: '970403',
      accountNumber: '9704031101234567',
      service: 'QRIBFTTC',
      amount: '180000',
      billNumber: 'NPS6869',
      purpose: 'thanh toan don hang',
    });
    expect(payload).toBe(
      '00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN62340107NPS68690819thanh toan don hang6304A203',
    );
  });

  it('makes a code with an amount dynamic (12) and one without static (11)', () => {
    expect(decodeVietQr(payloadOf(account)).fields).toMatchObject({ pointOfInitiation: '11' });
    expect(decodeVietQr(payloadOf(account)).fields.amount).toBeUndefined();
    expect(decodeVietQr(payloadOf({ ...account, amount: '150000' })).fields).toMatchObject({
      pointOfInitiation: '12',
      amount: '150000',
    });
  });

  it('strips diacritics in the purpose (đ → d) and keeps it within the EMV character set', () => {
    const payload = payloadOf({ ...account, amount: '120000', purpose: 'Ủng hộ đồng bào lũ lụt' });
    expect(decodeVietQr(payload).fields.purpose).toBe('Ung ho dong bao lu lut');
    expect(/^[\x20-\x7e]+$/.test(payload)).toBe(true);
  });

  it('writes the merchant name and city without diacritics and keeps them as written in tag 64', () => {
    // Prepare
    const input = {
      bankBin: '970436',
      accountNumber: '2112995044604025',
      service: 'QRPUSH',
      amount: '45000',
      merchantName: 'Phở Đức Hà Nội',
      city: 'Hà Nội',
      merchantCategoryCode: '5812',
    };
    // Act
    const decoded = decodeVietQr(payloadOf(input));
    // Assess
    expect(decoded.valid).toBe(true);
    expect(decoded.fields).toMatchObject({
      merchantName: 'Pho Duc Ha Noi',
      city: 'Ha Noi',
      merchantCategoryCode: '5812',
      alternateLanguage: { language: 'vi', merchantName: 'Phở Đức Hà Nội', city: 'Hà Nội' },
    });
  });

  it('omits tag 64 when the name and city are plain ASCII', () => {
    const payload = payloadOf({ ...account, service: 'QRPUSH', merchantName: 'CUA HANG A', city: 'HANOI' });
    expect(decodeVietQr(payload).fields.alternateLanguage).toBeUndefined();
  });

  it('counts a letter typed as base + combining marks (NFD) as one character', () => {
    const nfd = 'Nguyễn Văn Đạt'.normalize('NFD');
    const payload = payloadOf({ ...account, service: 'QRPUSH', merchantName: nfd });
    expect(decodeVietQr(payload).fields.alternateLanguage?.merchantName).toBe(
      'Nguyễn Văn Đạt'.normalize('NFC'),
    );
  });

  it('makes an ATM cash code: QRCASH, dynamic, MCC 6011, terminal in 62/07, reference in 62/05', () => {
    // Prepare
    const input = {
      bankBin: '970415',
      accountNumber: '12345678',
      service: 'QRCASH',
      terminal: 'ATM00042',
      reference: 'K7Q2M9X4T1',
    };
    // Act
    const decoded = decodeVietQr(payloadOf(input));
    // Assess
    expect(decoded.valid).toBe(true);
    expect(decoded.fields).toMatchObject({
      service: 'QRCASH',
      pointOfInitiation: '12',
      merchantCategoryCode: '6011',
      terminal: 'ATM00042',
      reference: 'K7Q2M9X4T1',
    });
    expect(decoded.fields.amount).toBeUndefined();
  });

  it('accepts the longest values of every field and stays a valid code', () => {
    const decoded = decodeVietQr(
      payloadOf({
        bankBin: '970436',
        accountNumber: 'A'.repeat(19),
        service: 'QRPUSH',
        amount: '9999999999999',
        merchantName: 'Đ'.repeat(25),
        city: 'ạ'.repeat(15),
        billNumber: 'B'.repeat(25),
        reference: 'R'.repeat(25),
        purpose: 'P'.repeat(25),
      }),
    );
    expect(decoded.problems).toEqual([]);
    expect(decoded.fields.amount).toBe('9999999999999');
  });

  describe('input errors name the field', () => {
    it.each([
      ['a BIN of the wrong length', { bankBin: '97041' }, 'bankBin', /six digits/],
      ['a BIN outside the directory', { bankBin: '970499' }, 'bankBin', /BIN directory/],
      ['an account over 19 characters', { accountNumber: '1'.repeat(20) }, 'accountNumber', /at most 19/],
      ['an account with separators', { accountNumber: '1133-6666' }, 'accountNumber', /letters and digits/],
      ['an unknown service', { service: 'QRPAY' }, 'service', /one of QRIBFTTA/],
      ['an amount with decimals', { amount: '1500.50' }, 'amount', /no minor unit/],
      ['an amount of 14 digits', { amount: '12345678901234' }, 'amount', /13/],
      ['a zero amount', { amount: '0' }, 'amount', /greater than zero/],
      ['a purpose over 25 characters', { purpose: 'x'.repeat(26) }, 'purpose', /at most 25/],
      ['a purpose with an emoji', { purpose: 'cảm ơn 😀' }, 'purpose', /U\+1F600/],
      ['a purpose in Chinese', { purpose: '谢谢' }, 'purpose', /U\+8C22/],
      ['a purpose with a line break', { purpose: 'a\nb' }, 'purpose', /U\+000A/],
      [
        'a city over 15 characters',
        { merchantName: 'A', city: 'Thành phố Hồ Chí Minh' },
        'city',
        /at most 15/,
      ],
      ['a reference with diacritics', { reference: 'mã số 5' }, 'reference', /printable ASCII/],
      ['an empty bill number', { billNumber: '' }, 'billNumber', /empty/],
    ] as const)('%s', (_case, change, field, message) => {
      const errors = errorsOf({ ...account, ...change });
      expect(errors).toContainEqual(
        expect.objectContaining({ field, problem: 'Invalid', message: expect.stringMatching(message) }),
      );
    });

    it('reports every missing field at once', () => {
      const errors = errorsOf({ bankBin: '', accountNumber: '', service: '' });
      expect(errors.map((error) => [error.field, error.problem])).toEqual([
        ['bankBin', 'Missing'],
        ['service', 'Missing'],
        ['accountNumber', 'Missing'],
      ]);
    });

    it('requires the terminal and reference of a QRCASH code, and the name of a QRPUSH code', () => {
      expect(errorsOf({ ...account, service: 'QRCASH' }).map((error) => error.field)).toEqual([
        'reference',
        'terminal',
      ]);
      expect(errorsOf({ ...account, service: 'QRPUSH' }).map((error) => error.field)).toEqual([
        'merchantName',
      ]);
    });

    it('refuses a card number that is not 8-19 digits for QRIBFTTC', () => {
      expect(
        errorsOf({ ...account, service: 'QRIBFTTC', accountNumber: '97040311A1234567' })[0],
      ).toMatchObject({
        field: 'accountNumber',
      });
    });

    it('names the longest field when tag 62 would exceed 99 characters', () => {
      const errors = errorsOf({
        ...account,
        billNumber: 'B'.repeat(25),
        reference: 'R'.repeat(25),
        terminal: 'T'.repeat(20),
        purpose: 'P'.repeat(15),
      });
      expect(errors).toEqual([
        expect.objectContaining({ field: 'billNumber', message: expect.stringMatching(/tag 62/) }),
      ]);
    });
  });
});
