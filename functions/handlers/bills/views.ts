import {
  amountShownDue,
  type Bill,
  effectiveStatus,
  effectiveStatusTime,
  expiresAt,
} from '#domain/bills/bill.ts';
import { billQrInput } from '#domain/bills/qr.ts';
import type { BillRefund } from '#domain/bills/refund.ts';
import { formatVnd } from '#domain/money.ts';
import type { Schemas } from '#http/respond.ts';
import { createVietQr } from '#use-cases/qr/create-vietqr.ts';

/** Renderings kept per warm container: a bill's code changes at most once a day. */
const RENDER_CACHE_SIZE = 128;
const renderings = new Map<string, Promise<Schemas['QrImages'] & { Payload: string }>>();

/** The bill's VietQR for `amountDue`, rendered once per amount and container. */
function billQr(bill: Bill, amountDue: number): Promise<Schemas['QrImages'] & { Payload: string }> {
  const cacheKey = `${bill.billId}#${amountDue}`;
  let qr = renderings.get(cacheKey);
  if (!qr) {
    qr = createVietQr(billQrInput(bill, amountDue)).then((code) => ({
      Payload: code.payload,
      Png: code.png,
      Svg: code.svg,
    }));
    renderings.set(cacheKey, qr);
    if (renderings.size > RENDER_CACHE_SIZE) renderings.delete(renderings.keys().next().value!);
    qr.catch(() => renderings.delete(cacheKey));
  }
  return qr;
}

export function refundView(refund: BillRefund): Schemas['BillRefund'] {
  return {
    RefundId: refund.refundId,
    Kind: refund.kind,
    Status: refund.status,
    Amount: formatVnd(refund.amount),
    Reason: refund.reason,
    CreationDateTime: refund.createdAt,
    ...(refund.completedAt ? { CompletionDateTime: refund.completedAt } : {}),
    PaymentId: refund.paymentId,
    OriginalPostingId: refund.originalPostingId,
    PostingId: refund.postingId,
  };
}

/**
 * The contract's `Bill` as of `now`: its effective status, the amount due today (principal plus
 * any late fee) and, while it can be paid, the dynamic VietQR for that amount (lists leave the
 * code and the refunds out: `refunds` undefined, `qr: false`).
 */
export async function billView(
  bill: Bill,
  refunds: BillRefund[] | undefined,
  now: Date,
  options: { qr?: boolean } = {},
): Promise<Schemas['Bill']> {
  const status = effectiveStatus(bill, now);
  const due = bill.settlement ? bill.settlement.due : amountShownDue(bill, now);
  return {
    BillId: bill.billId,
    Status: status,
    Category: bill.category,
    Reference: bill.reference,
    PayerName: bill.payerName,
    ...(bill.payerId
      ? { PayerId: { SchemeName: bill.payerId.schemeName, Identification: bill.payerId.identification } }
      : {}),
    Amount: formatVnd(bill.amount),
    AmountDue: formatVnd(due),
    LateFee: formatVnd(due - bill.amount),
    Currency: 'VND',
    DueDate: bill.dueDate,
    PayableUntil: bill.payableUntil,
    ExpirationDateTime: expiresAt(bill),
    Description: bill.description,
    ...(bill.latePaymentRule ? { LatePaymentRule: bill.latePaymentRule } : {}),
    CreationDateTime: bill.createdAt,
    StatusUpdateDateTime: effectiveStatusTime(bill, now),
    CollectionAccount: {
      SchemeName: 'VN.AccountNumber',
      Identification: bill.collection.accountNumber,
      Name: bill.collection.name,
    },
    CollectionAgent: { SchemeName: 'VN.BIN', Identification: bill.collection.bankBin },
    ...(status === 'Unpaid' && options.qr !== false ? { Qr: await billQr(bill, due) } : {}),
    ...(bill.settlement
      ? {
          Payment: {
            PaymentId: bill.settlement.paymentId,
            Channel: bill.settlement.channel,
            Amount: formatVnd(bill.settlement.amount),
            PaidDateTime: bill.settlement.paidAt,
            PostingId: bill.settlement.postingId,
            PayerAccount: {
              SchemeName: 'VN.AccountNumber',
              Identification: bill.settlement.payer.accountNumber,
              Name: bill.settlement.payer.name,
            },
          },
        }
      : {}),
    RefundedAmount: formatVnd(bill.refunded),
    ...(refunds ? { Refunds: refunds.map(refundView) } : {}),
  };
}
