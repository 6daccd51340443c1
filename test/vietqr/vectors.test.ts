import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeVietQr } from '#domain/vietqr/decode.ts';
import type { VietQrFields } from '#domain/vietqr/fields.ts';

/**
 * The 48 published payloads of fixtures/qr-vectors.json (sources in fixtures/README.md):
 * the decoder reproduces each verdict (CRC valid or not; strict problems or not) and reads
 * the fields each vector lists.
 */

interface Vector {
  source: string;
  payload: string;
  fields: Record<string, string>;
  note: string;
  expect_crc_valid: boolean;
  strict_problems: string[];
}

const vectors: Vector[] = JSON.parse(
  readFileSync(new URL('./fixtures/qr-vectors.json', import.meta.url), 'utf8'),
);

/** Where each vector field name is found in the decoded fields. */
const read: Record<string, (fields: VietQrFields) => string | undefined> = {
  pfi: (f) => f.payloadFormatIndicator,
  poi: (f) => f.pointOfInitiation,
  bin: (f) => f.bankBin,
  account: (f) => f.accountNumber,
  card: (f) => f.accountNumber,
  merchantId: (f) => f.accountNumber,
  atmId: (f) => f.accountNumber,
  service: (f) => f.service,
  mcc: (f) => f.merchantCategoryCode,
  currency: (f) => f.currency,
  amount: (f) => f.amount,
  tipIndicator: (f) => f.tipIndicator,
  fixedFee: (f) => f.convenienceFeeFixed,
  percentFee: (f) => f.convenienceFeePercentage,
  country: (f) => f.country,
  name: (f) => f.merchantName,
  city: (f) => f.city,
  postal: (f) => f.postalCode,
  bill: (f) => f.billNumber,
  mobile: (f) => f.mobileNumber,
  store: (f) => f.storeLabel,
  loyalty: (f) => f.loyaltyNumber,
  reference: (f) => f.reference,
  customer: (f) => f.customerLabel,
  terminal: (f) => f.terminal,
  purpose: (f) => f.purpose,
  consumerDataReq: (f) => f.consumerDataRequest,
  lang: (f) => f.alternateLanguage?.language,
  altName: (f) => f.alternateLanguage?.merchantName,
  altCity: (f) => f.alternateLanguage?.city,
  crc: (f) => f.crc,
  rfu70: (f) => f.otherTags['70'],
  unreserved80: (f) => f.otherTags['80'],
  guid26: (f) => account(f, '26')?.guid,
  vnpMerchantId: (f) => account(f, '26')?.values?.['01'],
  guid29: (f) => account(f, '29')?.guid,
  ppMobile: (f) => account(f, '29')?.values?.['01'],
  ppNationalId: (f) => account(f, '29')?.values?.['02'],
};

function account(fields: VietQrFields, id: string) {
  return fields.otherMerchantAccounts.find((entry) => entry.id === id);
}

/**
 * Vector fields that record what a lenient reader recovers from a malformed payload; a strict
 * decoder reads what the lengths declare instead (and reports the problem).
 */
const strictReadings: Record<number, Record<string, string>> = {
  // 38/01/01 declares 12 characters, so the 13th ("8") is left over inside 38/01.
  0: { account: '001101234567' },
  // 62/08 declares 22 (UTF-8 bytes), EMVCo counts characters: the value runs 4 characters on.
  39: { purpose: 'Thanh toán hóa đơn6304' },
};

/**
 * Vectors that are well-formed EMVCo but fall short of the VietQR profile, with the tags the
 * profile problems name. Every other CRC-valid, strict-clean vector must decode as valid.
 */
const profileProblems: Record<number, string[]> = {
  19: ['38'], // VNPAY-QR: no NAPAS template
  20: ['38', '54'], // VNPAY-QR, static with an amount
  23: ['54'], // static code carrying an amount
  24: ['38'], // VNPAY-QR
  42: ['38', '53', '58'], // PromptPay (THB, TH)
  43: ['38', '53', '58'],
  44: ['38', '53', '58', '54'], // PromptPay with a decimal amount
};

describe('the 48 published VietQR vectors', () => {
  it('are all present in the fixture', () => {
    expect(vectors).toHaveLength(48);
    expect(vectors.filter((vector) => vector.expect_crc_valid)).toHaveLength(44);
    expect(
      vectors.filter((vector) => vector.expect_crc_valid && vector.strict_problems.length > 0),
    ).toHaveLength(9);
  });

  describe.each(
    vectors.map((vector, index) => ({ index, vector, label: `#${index} ${vector.note.slice(0, 60)}` })),
  )('$label', ({ index, vector }) => {
    const decoded = decodeVietQr(vector.payload);

    it('gets the CRC verdict right', () => {
      expect(decoded.crcValid).toBe(vector.expect_crc_valid);
      if (!vector.expect_crc_valid) {
        expect(decoded.valid).toBe(false);
        expect(decoded.problems).toContainEqual(expect.objectContaining({ path: '63', kind: 'format' }));
      }
    });

    it('reports format problems exactly when the vector lists strict problems', () => {
      const format = decoded.problems.filter(
        (problem) => problem.kind === 'format' && !(problem.path === '63' && !vector.expect_crc_valid),
      );
      expect(format.length > 0, format.map((p) => `${p.path}: ${p.message}`).join('\n')).toBe(
        vector.strict_problems.length > 0,
      );
    });

    it('reads the fields the vector lists', () => {
      const expected = { ...vector.fields, ...strictReadings[index] };
      const actual = Object.fromEntries(
        Object.keys(expected).map((key) => [key, read[key]!(decoded.fields)]),
      );
      expect(actual).toEqual(expected);
    });

    if (vector.expect_crc_valid && vector.strict_problems.length === 0) {
      it('is a valid VietQR exactly when it meets the VietQR profile', () => {
        const profile = decoded.problems.filter((problem) => problem.kind === 'profile').map((p) => p.path);
        expect(profile.sort()).toEqual((profileProblems[index] ?? []).sort());
        expect(decoded.valid).toBe(profileProblems[index] === undefined);
      });
    }
  });

  it('names the tag path of each structural defect the vectors document', () => {
    const pathsOf = (index: number) =>
      decodeVietQr(vectors[index]!.payload).problems.map((problem) => problem.path);
    expect(pathsOf(0)).toContain('38/01'); // trailing "8" inside 38/01
    expect(pathsOf(17)).toContain('80'); // unreserved template 80 holding "046"
    expect(pathsOf(33)).toContain('55'); // 55 = 02 with a percentage fee
    expect(pathsOf(38)).toEqual(expect.arrayContaining(['38/01/02', '38/02'])); // service nested in 38/01
    expect(pathsOf(40)).toContain('00'); // payload format indicator "00"
    expect(pathsOf(45)).toContain('87'); // "CLASSIC" is no template
    expect(pathsOf(47)).toContain('62/08'); // zero-length purpose
  });
});
