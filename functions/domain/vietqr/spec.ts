/**
 * Identifiers and limits of VietQR: the EMVCo Merchant-Presented Mode QR (MPM v1.1) with
 * the NAPAS 247 merchant-account template in tag 38 (NAPAS "Tài liệu quy định về định dạng
 * mã VietQR" v1.0, 09/2021).
 */

/** Top-level data object ids (EMVCo MPM §4.1, §4.7). */
export const TAG = {
  payloadFormat: '00',
  initiation: '01',
  napas: '38',
  merchantCategory: '52',
  currency: '53',
  amount: '54',
  tipIndicator: '55',
  convenienceFeeFixed: '56',
  convenienceFeePercentage: '57',
  country: '58',
  merchantName: '59',
  city: '60',
  postalCode: '61',
  additionalData: '62',
  crc: '63',
  alternateLanguage: '64',
} as const;

/** Sub-ids of the additional data field template, tag 62 (EMVCo MPM §4.8). */
export const ADDITIONAL = {
  billNumber: '01',
  mobileNumber: '02',
  storeLabel: '03',
  loyaltyNumber: '04',
  reference: '05',
  customerLabel: '06',
  terminal: '07',
  purpose: '08',
  consumerDataRequest: '09',
} as const;

/** Sub-ids of the alternate language template, tag 64 (EMVCo MPM §4.9). */
export const ALTERNATE = { language: '00', merchantName: '01', city: '02' } as const;

/** Sub-ids of the NAPAS template (tag 38) and of its beneficiary organisation (38/01). */
export const NAPAS = {
  guid: '00',
  beneficiary: '01',
  service: '02',
  bin: '00',
  account: '01',
} as const;

/** NAPAS's globally unique identifier, value of 38/00. */
export const NAPAS_GUID = 'A000000727';

/** The four NAPAS service codes (38/02). */
export const SERVICES = ['QRIBFTTA', 'QRIBFTTC', 'QRPUSH', 'QRCASH'] as const;

/** `01` point of initiation: static (reusable) or dynamic (one payment). */
export const STATIC = '11';
export const DYNAMIC = '12';

/** ISO 4217 numeric code of the dong, ISO 3166 country code, and the ATM merchant category. */
export const VND = '704';
export const VIETNAM = 'VN';
export const ATM_MCC = '6011';

/** Length limits in characters (EMVCo MPM tables 4.2-4.9, NAPAS §5). */
export const LIMIT = {
  payload: 512,
  guid: 32,
  bin: 6,
  account: 19,
  amount: 13,
  merchantName: 25,
  city: 15,
  postalCode: 10,
  additionalField: 25,
  additionalTotal: 99,
  alternateName: 25,
  alternateCity: 15,
} as const;

/** A problem found in a payload: `path` is the tag path (`38/01/00`), or `Payload` for the whole string. */
export interface QrProblem {
  path: string;
  message: string;
  /**
   * `format`: the payload is malformed (EMVCo structure, lengths, CRC, the NAPAS template);
   * `profile`: well formed, but not a VietQR this platform can pay (no tag 38, not VND, …).
   */
  kind: 'format' | 'profile';
}

/** The path shown for problems that belong to no single tag. */
export const ROOT = 'Payload';
