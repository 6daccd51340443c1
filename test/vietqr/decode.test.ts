import { describe, expect, it } from 'vitest';
import { crc16 } from '#domain/vietqr/crc16.ts';
import { decodeVietQr } from '#domain/vietqr/decode.ts';

/** Re-signs a hand-made body, so that each test checks one defect and not the CRC. */
function signed(body: string): string {
  return `${body}6304${crc16(`${body}6304`)}`;
}

function pathsOf(payload: string): string[] {
  return decodeVietQr(payload).problems.map((problem) => problem.path);
}

const HEAD = '000201010212';
const NAPAS_38 = '38560010A0000007270126000697041501121133666688880208QRIBFTTA';
const TAIL = '5303704540460005802VN';

describe('decodeVietQr', () => {
  it('decodes a valid dynamic code with no problems', () => {
    const decoded = decodeVietQr(signed(HEAD + NAPAS_38 + TAIL));
    expect(decoded).toMatchObject({ valid: true, crcValid: true, problems: [] });
    expect(decoded.fields).toMatchObject({
      bankBin: '970415',
      accountNumber: '113366668888',
      amount: '6000',
    });
  });

  it('accepts tags in any order between 00 first and 63 last', () => {
    expect(decodeVietQr(signed(`${HEAD + TAIL}62110807tien le${NAPAS_38}`)).valid).toBe(true);
  });

  describe('finds', () => {
    it.each([
      ['a truncated payload', (p: string) => p.slice(0, 60), ['38']],
      ['a length running past the end', () => signed(`${HEAD + NAPAS_38}53037045499`), ['54']],
      ['a non-digit length', () => signed(`${HEAD + NAPAS_38}530X704`), ['53']],
      [
        'a BIN of five digits',
        () => signed(`${HEAD}38550010A0000007270125000597041501121133666688880208QRIBFTTA${TAIL}`),
        ['38/01/00'],
      ],
      [
        'an account of 20 characters',
        () =>
          signed(`${HEAD}38640010A00000072701340006970415012011336666888800000000${'0208QRIBFTTA'}${TAIL}`),
        ['38/01/01'],
      ],
      [
        'an unknown service code',
        () => signed(`${HEAD}38560010A0000007270126000697041501121133666688880208QRIBFTTX${TAIL}`),
        ['38/02'],
      ],
      [
        'a GUID that is not NAPAS',
        () => signed(`${HEAD}38560010A0000007280126000697041501121133666688880208QRIBFTTA${TAIL}`),
        ['38/00'],
      ],
      [
        'a purpose over 25 characters',
        () => signed(`${HEAD + NAPAS_38 + TAIL}6230082612345678901234567890123456`),
        ['62/08'],
      ],
      ['diacritics outside tag 64', () => signed(`${HEAD + NAPAS_38 + TAIL}62110807tiền lẻ`), ['62/08']],
      ['a point of initiation of 13', () => signed(`00020101021338${NAPAS_38.slice(2)}${TAIL}`), ['01']],
      ['a currency other than VND', () => signed(`${HEAD + NAPAS_38}53038405406600.505802VN`), ['53', '54']],
      ['a country other than Vietnam', () => signed(`${HEAD + NAPAS_38}530370454046000${'5802TH'}`), ['58']],
      ['a duplicated tag', () => signed(`${HEAD + NAPAS_38 + TAIL}5802VN`), ['58']],
      ['a tag after the CRC', (p: string) => `${p}5802VN`, ['63']],
      ['a missing currency', () => signed(`${HEAD + NAPAS_38}540460005802VN`), ['53']],
      ['a static code with an amount', () => signed(`000201010211${NAPAS_38}${TAIL}`), ['54']],
      [
        'an alternate language template without language',
        () => signed(`${HEAD + NAPAS_38 + TAIL}64100106Phở Hà`),
        ['64/00'],
      ],
      [
        'a city over 15 characters in tag 64',
        () => signed(`${HEAD + NAPAS_38 + TAIL}64290002vi0101A0216Thành phố Huế A`),
        ['64/02'],
      ],
      [
        'a template 26 without a GUID',
        () => signed(`${HEAD}26080104123438${NAPAS_38.slice(2)}${TAIL}`),
        ['26/00'],
      ],
      [
        'a QRCASH code with no terminal',
        () => signed(`${HEAD}38500010A000000727012200069704150108123456780206QRCASH5204601153037045802VN`),
        ['62/07', '62/05'],
      ],
    ])('%s', (_case, make, paths) => {
      const payload = make(signed(HEAD + NAPAS_38 + TAIL));
      expect(pathsOf(payload)).toEqual(expect.arrayContaining(paths));
      expect(decodeVietQr(payload).valid).toBe(false);
    });
  });

  it('reports a tampered value as a CRC mismatch on tag 63', () => {
    // Prepare
    const payload = signed(HEAD + NAPAS_38 + TAIL).replace('54046000', '54049000');
    // Act
    const decoded = decodeVietQr(payload);
    // Assess
    expect(decoded.crcValid).toBe(false);
    expect(decoded.problems).toEqual([
      expect.objectContaining({ path: '63', message: expect.stringMatching(/altered/) }),
    ]);
  });

  it('still reads what it can from a malformed payload', () => {
    const decoded = decodeVietQr(signed(`${HEAD + NAPAS_38 + TAIL}62110807tiền lẻ`));
    expect(decoded.fields).toMatchObject({ bankBin: '970415', purpose: 'tiền lẻ', amount: '6000' });
  });

  it('reports the empty string and non-payloads without throwing', () => {
    expect(decodeVietQr('')).toMatchObject({ valid: false, crcValid: false });
    expect(pathsOf('')).toContain('Payload');
    expect(decodeVietQr('https://example.com/pay').valid).toBe(false);
    expect(decodeVietQr(undefined as unknown as string).problems[0]?.path).toBe('Payload');
  });

  it('caps the list of problems for a hostile payload', () => {
    const decoded = decodeVietQr('0001x'.repeat(20_000));
    expect(decoded.problems.length).toBeLessThanOrEqual(101);
    expect(decoded.problems.at(-1)?.message).toMatch(/more problems/);
  });
});
