import { effectiveStatus } from '#domain/bills/bill.ts';
import { receiptFactsOf } from '#domain/bills/receipt.ts';
import { conflict } from '#domain/errors.ts';
import { type SignedReceipt, signReceipt } from '#use-cases/receipts/sign-receipt.ts';
import { getOwnBill } from './get-own-bill.ts';

/**
 * The receipt of a partner's paid bill, signed with the document key. Issued at the payment's
 * time, and Ed25519 signatures are deterministic: asking again gives the very same receipt. A bill
 * refunded later keeps its receipt (the payment happened; the refund is in the reconciliation).
 */
export async function issueReceipt(
  clientId: string,
  billId: string,
  now = new Date(),
): Promise<SignedReceipt> {
  const { bill } = await getOwnBill(clientId, billId);
  const facts = receiptFactsOf(bill);
  if (!facts || !bill.settlement) {
    throw conflict(
      'VN.OB.Bills.NotPaid',
      `The bill is ${effectiveStatus(bill, now)}; it has a receipt once it is paid.`,
    );
  }
  return signReceipt(facts, new Date(bill.settlement.paidAt));
}
