import { bankByBin } from '#domain/banks.ts';
import type { VietQrFields } from '#domain/vietqr/fields.ts';
import type { QrProblem } from '#domain/vietqr/spec.ts';

/** The decoded fields as the API shows them (PascalCase, absent fields left out). */
export function toWireFields(fields: VietQrFields): Record<string, unknown> {
  const alt = fields.alternateLanguage;
  const wire: Record<string, unknown> = {
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
  };
  return compact(wire);
}

/** A decoding problem as the API shows it. */
export function toWireProblem(problem: QrProblem): { Path: string; Message: string } {
  return { Path: problem.path, Message: problem.message };
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
