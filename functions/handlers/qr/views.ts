import { bankByBin } from '#domain/banks.ts';
import type { VietQrFields } from '#domain/vietqr/fields.ts';
import type { QrProblem } from '#domain/vietqr/spec.ts';
import type { DataOf, Schemas } from '#http/respond.ts';
import type { VietQrCode } from '#use-cases/qr/create-vietqr.ts';

/** A created code as `POST /v1/qr/vietqr` answers it. */
export function vietQrView(code: VietQrCode): DataOf<'VietQrResponse'> {
  return { Payload: code.payload, Png: code.png, Svg: code.svg, Decoded: vietQrFieldsView(code.fields) };
}

/** The decoded fields as the API shows them (PascalCase, absent fields left out). */
export function vietQrFieldsView(fields: VietQrFields): Schemas['VietQrFields'] {
  const alt = fields.alternateLanguage;
  return compact({
    PayloadFormatIndicator: fields.payloadFormatIndicator,
    PointOfInitiation: fields.pointOfInitiation,
    QrType:
      fields.pointOfInitiation === '11'
        ? 'Static'
        : fields.pointOfInitiation === '12'
          ? 'Dynamic'
          : undefined,
    BankBin: fields.bankBin,
    BankName: fields.bankBin ? bankByBin(fields.bankBin)?.shortName : undefined,
    AccountNumber: fields.accountNumber,
    Service: fields.service,
    MerchantCategoryCode: fields.merchantCategoryCode,
    Currency: fields.currency,
    Amount: fields.amount,
    TipOrConvenienceIndicator: fields.tipIndicator,
    ConvenienceFeeFixed: fields.convenienceFeeFixed,
    ConvenienceFeePercentage: fields.convenienceFeePercentage,
    Country: fields.country,
    MerchantName: fields.merchantName,
    City: fields.city,
    PostalCode: fields.postalCode,
    BillNumber: fields.billNumber,
    MobileNumber: fields.mobileNumber,
    StoreLabel: fields.storeLabel,
    LoyaltyNumber: fields.loyaltyNumber,
    Reference: fields.reference,
    CustomerLabel: fields.customerLabel,
    Terminal: fields.terminal,
    Purpose: fields.purpose,
    AdditionalConsumerDataRequest: fields.consumerDataRequest,
    AlternateLanguage:
      alt && compact({ LanguagePreference: alt.language, MerchantName: alt.merchantName, City: alt.city }),
    Crc: fields.crc,
    OtherMerchantAccounts: fields.otherMerchantAccounts.length
      ? fields.otherMerchantAccounts.map((account) =>
          compact({ Tag: account.id, Guid: account.guid, Value: account.value, Fields: account.values }),
        )
      : undefined,
    OtherTags: Object.keys(fields.otherTags).length ? fields.otherTags : undefined,
  });
}

/** A decoding problem as the API shows it. */
export function qrProblemView(problem: QrProblem): Schemas['QrProblem'] {
  return { Path: problem.path, Message: problem.message };
}

/** The record without its undefined entries, so absent fields are left out rather than null. */
function compact<T extends object>(record: T): T {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as T;
}
