import { isAns, stripDiacritics } from '../vietqr/charset.ts';
import type { VietQrInput } from '../vietqr/encode.ts';
import { LIMIT } from '../vietqr/spec.ts';
import type { Bill } from './bill.ts';

/** EMV "ans" text of at most `max` characters: diacritics dropped, anything else non-printable a space. */
function emvText(text: string, max: number): string {
  const plain = [...stripDiacritics(text.normalize('NFC'))]
    .map((char) => (isAns(char) ? char : ' '))
    .join('');
  return plain.replace(/\s+/g, ' ').trim().slice(0, max).trim();
}

/**
 * The dynamic VietQR of a bill for the amount due: the partner's collection account in tag 38
 * (QRIBFTTA, to an account), the amount in 54, the bill number (its `BillId`) in 62/01 and the
 * purpose (the description without diacritics) in 62/08, so the payer's bank app pays exactly
 * this bill and the payment matches it.
 */
export function billQrInput(bill: Bill, amountDue: number): VietQrInput {
  const purpose = emvText(bill.description, LIMIT.additionalField);
  const merchantName = emvText(bill.collection.name, LIMIT.merchantName);
  return {
    bankBin: bill.collection.bankBin,
    accountNumber: bill.collection.accountNumber,
    service: 'QRIBFTTA',
    amount: String(amountDue),
    billNumber: bill.billId,
    ...(purpose ? { purpose } : {}),
    ...(merchantName ? { merchantName } : {}),
  };
}
