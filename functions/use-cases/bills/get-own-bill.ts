import { BILL_ID, type Bill } from '#domain/bills/bill.ts';
import { billErrors } from '#domain/bills/errors.ts';
import type { BillRefund } from '#domain/bills/refund.ts';
import { getBillWithRefunds } from '#store/bills/bills.ts';

/** A bill of this partner with its refunds; any other client's bill is "not found". */
export async function getOwnBill(
  clientId: string,
  billId: string,
): Promise<{ bill: Bill; refunds: BillRefund[] }> {
  const found = BILL_ID.test(billId) ? await getBillWithRefunds(billId) : undefined;
  if (!found || found.bill.clientId !== clientId) throw billErrors.notFound(billId);
  return found;
}
