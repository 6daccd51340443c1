import { BILL_ID, type Bill } from '#domain/bills/bill.ts';
import { partnerOfAccount } from '#domain/bills/collection.ts';
import { billErrors } from '#domain/bills/errors.ts';
import { asBillPayment } from '#domain/bills/postings.ts';
import type { TransferInstruction } from '#domain/ledger/transfer.ts';
import { paymentTransfer } from '#domain/payments/postings.ts';
import type { DomesticPayment } from '#domain/payments/status.ts';
import { getBill, getBillByReference } from '#store/bills/bills.ts';
import type { ExtraWrite } from '#store/transact.ts';
import { bookBillPayment } from './book-bill-payment.ts';

const REFERENCE_PATH = 'Data.Initiation.RemittanceInformation.Reference';

/**
 * Books a domestic payment, matching it to a bill when it pays a city's collection account:
 * `book` commits the posting with the caller's writes plus the bill's, in ONE ledger
 * transaction. Any other payment is booked as it is (no extra read). A payment to a collection
 * account must name an unpaid bill of that partner by its `BillId` or the partner's `Reference`
 * in `RemittanceInformation.Reference`; otherwise, or if the bill is cancelled, expired or
 * underpaid, it is refused before money moves.
 */
export async function bookPaymentMatchingBill<T>(
  payment: DomesticPayment,
  now: Date,
  book: (transfer: TransferInstruction, billWrites: ExtraWrite[]) => Promise<T>,
): Promise<T> {
  const transfer = paymentTransfer(payment);
  const partner = partnerOfAccount(payment.creditAccountId);
  if (!partner) return book(transfer, []);
  const bill = await billNamed(partner, payment.initiation.RemittanceInformation?.Reference);
  const { result } = await bookBillPayment(
    bill,
    {
      amount: payment.amount,
      paymentId: payment.paymentId,
      postingId: payment.postingId!,
      channel: 'PaymentInitiation',
      payer: {
        accountId: payment.debtorAccountId,
        accountNumber: payment.debtor.accountNumber,
        name: payment.debtor.name,
      },
      at: now,
      amountPath: 'Data.Initiation.InstructedAmount.Amount',
    },
    (billWrites) => book(asBillPayment(transfer, bill), billWrites),
  );
  return result;
}

/** The partner's bill a remittance reference names: its `BillId`, or the partner's own `Reference`. */
async function billNamed(partnerClientId: string, given: string | undefined): Promise<Bill> {
  // As the bill's Reference was stored: NFC, without surrounding spaces.
  const reference = given?.normalize('NFC').trim();
  if (!reference) throw billErrors.unknownBill(REFERENCE_PATH);
  const bill = BILL_ID.test(reference)
    ? await getBill(reference)
    : await getBillByReference(partnerClientId, reference);
  if (!bill || bill.clientId !== partnerClientId) throw billErrors.unknownBill(REFERENCE_PATH);
  return bill;
}
