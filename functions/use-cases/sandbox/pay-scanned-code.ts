import { randomUUID } from 'node:crypto';
import { OWN_BANK_BIN } from '#domain/banks.ts';
import type { Bill, BillPayer } from '#domain/bills/bill.ts';
import { partnerOfAccount } from '#domain/bills/collection.ts';
import { billErrors } from '#domain/bills/errors.ts';
import { billPaymentTransfer } from '#domain/bills/postings.ts';
import { bookingDayOf } from '#domain/ledger/booking-day.ts';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { AccountDisabledError, InsufficientFundsError } from '#domain/ledger/errors.ts';
import { type QrPaymentRequest, qrPaymentErrors } from '#domain/sandbox/qr-payments.ts';
import { truncate } from '#domain/text.ts';
import { decodeVietQr } from '#domain/vietqr/decode.ts';
import { getBill } from '#store/bills/bills.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import { dailyTotalChange } from '#store/payments/daily-totals.ts';
import { findAccountByNumber } from '#store/payments/payee-accounts.ts';
import type { ExtraWrite } from '#store/transact.ts';
import { type BillPaymentOutcome, bookBillPayment } from '#use-cases/bills/book-bill-payment.ts';
import { type BankAppCredentials, signInToBankApp } from './sign-in-to-bank-app.ts';

/** A scanned code, paid. */
export interface QrPayment {
  qrPaymentId: string;
  accountId: string;
  amount: number;
  payee: Pick<AccountItem, 'accountNumber' | 'bankBin' | 'name'>;
  reference?: string;
  bookedAt: string;
  postingId: string;
  /** When the code was a bill's: what the payment did to it. */
  bill?: BillPaymentOutcome;
}

/** Transfer codes the app pays (to an account, a card, a merchant); cash codes go to `/sandbox/cash-approvals`. */
const PAYABLE_SERVICES = ['QRIBFTTA', 'QRIBFTTC', 'QRPUSH'];

/**
 * The customer's bank app paying a scanned VietQR: signs the customer in, decodes and checks
 * the payload (valid CRC and TLV, this bank's BIN, a transfer service), resolves the payee
 * account and the amount (the code's, or the customer's for a static code), then posts the
 * payment on the ledger with `answerWrites` (the stored answer) in ONE transaction. A code to a
 * city's collection account pays the bill in its tag 62/01, matched in that same transaction
 * (see `bookBillPayment`): a cancelled or expired bill is refused before money moves, a paid
 * one is paid again and refunded automatically.
 */
export async function payScannedCode(
  command: QrPaymentRequest & Pick<BankAppCredentials, 'sourceIp'>,
  answerWrites: (payment: QrPayment) => ExtraWrite[],
  now = new Date(),
): Promise<QrPayment> {
  const customerId = await signInToBankApp(command);
  const decoded = decodeVietQr(command.payload);
  if (!decoded.valid) {
    const first = decoded.problems[0];
    throw qrPaymentErrors.invalidCode(first ? `tag ${first.path}: ${first.message}` : 'unreadable');
  }
  const { fields } = decoded;
  if (fields.bankBin !== OWN_BANK_BIN)
    throw qrPaymentErrors.unsupported('it pays another bank (sandbox pays this bank only)');
  if (!PAYABLE_SERVICES.includes(fields.service ?? ''))
    throw qrPaymentErrors.unsupported(`service ${fields.service} is not a transfer`);
  if (
    fields.amount !== undefined &&
    command.amount !== undefined &&
    String(command.amount) !== fields.amount
  ) {
    throw qrPaymentErrors.amountMismatch(fields.amount);
  }
  const amount = fields.amount !== undefined ? Number(fields.amount) : command.amount;
  if (amount === undefined) throw qrPaymentErrors.amountRequired();

  const [account, payee] = await Promise.all([
    getAccount(command.accountId),
    findAccountByNumber(OWN_BANK_BIN, fields.accountNumber ?? ''),
  ]);
  if (account?.ownerKind !== 'customer' || account.ownerId !== customerId)
    throw qrPaymentErrors.accountNotFound();
  if (!payee) throw qrPaymentErrors.payeeNotFound();
  // The ledger refuses a transfer to itself as a broken invariant (a 500); here it is the customer's choice to fix.
  if (payee.accountId === account.accountId) throw qrPaymentErrors.sameAccount();

  const qrPaymentId = `qrp-${randomUUID()}`;
  const postingId = `pst_${qrPaymentId}`;
  const payer: BillPayer = {
    accountId: account.accountId,
    accountNumber: account.accountNumber,
    name: account.name,
  };
  // The answer is stored inside the transaction, before the ledger says when it booked: stamped with the request's time.
  const payment = (bill?: BillPaymentOutcome): QrPayment => ({
    qrPaymentId,
    accountId: account.accountId,
    amount,
    payee: { accountNumber: payee.accountNumber, bankBin: payee.bankBin, name: payee.name },
    ...((fields.billNumber ?? fields.reference) ? { reference: fields.billNumber ?? fields.reference } : {}),
    bookedAt: now.toISOString(),
    postingId,
    ...(bill ? { bill } : {}),
  });

  // The day's total of the customer's transfers (Decision 2345) counts what the bank app pays too,
  // so a fintech's next payment asks for the step-up when the day's total calls for it. The bank
  // app itself authenticates as it must (its own biometric step-up), which the sandbox plays.
  const countedToday = () =>
    dailyTotalChange({ customerId: account.ownerId, day: bookingDayOf(now), amount });
  try {
    const partner = partnerOfAccount(payee.accountId);
    if (partner) {
      const bill = await billOf(partner, fields.billNumber);
      const { result, outcome } = await bookBillPayment(
        bill,
        {
          amount,
          paymentId: qrPaymentId,
          postingId,
          channel: 'VietQr',
          payer,
          at: now,
          amountPath: 'Data.Amount',
        },
        async (billWrites, outcome) => {
          const planned = payment(outcome);
          await postTransfer(
            billPaymentTransfer(bill, { amount, paymentId: qrPaymentId, postingId, payer }),
            {
              now: () => now,
              extraWrites: [...billWrites, ...answerWrites(planned), countedToday()],
            },
          );
          return planned;
        },
      );
      return { ...result, bill: outcome };
    }
    await postTransfer(
      {
        kind: 'qr-payment',
        amount,
        postingId,
        sourceId: qrPaymentId,
        ...(fields.reference ? { reference: fields.reference } : {}),
        debit: {
          accountId: account.accountId,
          description: truncate(`QR ${payee.name}${fields.purpose ? ` - ${fields.purpose}` : ''}`, 140),
          counterparty: { name: payee.name, accountNumber: payee.accountNumber, bankBin: payee.bankBin },
        },
        credit: {
          accountId: payee.accountId,
          description: truncate(`QR từ ${account.name}${fields.purpose ? ` - ${fields.purpose}` : ''}`, 140),
          counterparty: { name: account.name, accountNumber: account.accountNumber, bankBin: OWN_BANK_BIN },
        },
      },
      { now: () => now, extraWrites: [...answerWrites(payment()), countedToday()] },
    );
    return payment();
  } catch (error) {
    if (error instanceof InsufficientFundsError) throw qrPaymentErrors.insufficientFunds();
    if (error instanceof AccountDisabledError) throw qrPaymentErrors.accountNotFound();
    throw error;
  }
}

/** The bill a collection account's code names in tag 62/01 (its `BillId`), if it is that partner's. */
async function billOf(partnerClientId: string, billNumber: string | undefined): Promise<Bill> {
  const bill = billNumber ? await getBill(billNumber) : undefined;
  if (!bill || bill.clientId !== partnerClientId) throw billErrors.unknownBill('Data.Payload');
  return bill;
}
