import type { BatchItem, BillBatch } from '#domain/bills/batch.ts';
import { inVietnamTime, type ReconciliationReport } from '#domain/bills/reconciliation.ts';
import type { DataOf } from '#http/respond.ts';
import type { SignedReceipt } from '#use-cases/receipts/sign-receipt.ts';

/** A receipt as `GET /v1/bills/{BillId}/receipt` answers it. */
export function receiptView(billId: string, signed: SignedReceipt): DataOf<'BillReceiptResponse'> {
  return {
    BillId: billId,
    Receipt: signed.receipt,
    Qr: { Payload: signed.qr.payload, Png: signed.qr.png, Svg: signed.qr.svg },
  };
}

/** A day's report with the wire's string amounts. */
export function reconciliationView(report: ReconciliationReport): DataOf<'ReconciliationResponse'> {
  return {
    Date: report.Date,
    Provisional: report.Provisional,
    Items: report.Items.map((item) => ({ ...item, Amount: String(item.Amount) })),
    Totals: {
      Paid: String(report.Totals.Paid),
      Refunded: String(report.Totals.Refunded),
      Net: String(report.Totals.Net),
    },
  };
}

/** A batch, with its items when they were read. */
export function batchView(batch: BillBatch, items?: readonly BatchItem[]): DataOf<'BillBatchResponse'> {
  return {
    BatchId: batch.batchId,
    Status: batch.status,
    ItemCount: batch.itemCount,
    CreatedCount: batch.createdCount,
    RefusedCount: batch.refusedCount,
    CreationDateTime: inVietnamTime(batch.createdAt),
    ...(batch.completedAt && { CompletionDateTime: inVietnamTime(batch.completedAt) }),
    ...(items && {
      Items: items.map((item) => ({
        Index: item.index,
        Status: item.status,
        ...(item.billId && { BillId: item.billId }),
        ...(item.errors && { Errors: item.errors }),
      })),
    }),
  };
}
