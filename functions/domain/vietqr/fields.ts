import type { QrProblem } from './spec.ts';

/** What a VietQR payload says, field by field; absent fields are left out. */
export interface VietQrFields {
  /** 00 */
  payloadFormatIndicator?: string;
  /** 01: `11` static, `12` dynamic. */
  pointOfInitiation?: string;
  /** 38/01/00 */
  bankBin?: string;
  /** 38/01/01: account number, card number (QRIBFTTC), merchant id (QRPUSH) or ATM id (QRCASH). */
  accountNumber?: string;
  /** 38/02 */
  service?: string;
  merchantCategoryCode?: string;
  currency?: string;
  amount?: string;
  tipIndicator?: string;
  convenienceFeeFixed?: string;
  convenienceFeePercentage?: string;
  country?: string;
  merchantName?: string;
  city?: string;
  postalCode?: string;
  /** 62/01-62/09 */
  billNumber?: string;
  mobileNumber?: string;
  storeLabel?: string;
  loyaltyNumber?: string;
  reference?: string;
  customerLabel?: string;
  terminal?: string;
  purpose?: string;
  consumerDataRequest?: string;
  /** 64: the merchant's name and city in another language (Vietnamese, with diacritics). */
  alternateLanguage?: { language?: string; merchantName?: string; city?: string };
  /** 63, as written. */
  crc?: string;
  /** Merchant account information of other schemes (tags 02-51 other than 38); `values` for templates. */
  otherMerchantAccounts: { id: string; value: string; guid?: string; values?: Record<string, string> }[];
  /** RFU (65-79) and unreserved (80-99) tags, raw. */
  otherTags: Record<string, string>;
}

/** The outcome of decoding: `valid` when no problem of any kind was found. */
export interface VietQrDecoding {
  valid: boolean;
  /** Whether tag 63 matches the CRC of the payload (either hex case accepted). */
  crcValid: boolean;
  fields: VietQrFields;
  problems: QrProblem[];
}
