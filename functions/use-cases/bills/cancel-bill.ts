import { type Bill, effectiveStatus } from '#domain/bills/bill.ts';
import { billErrors } from '#domain/bills/errors.ts';
import { billStatusEvent } from '#domain/bills/events.ts';
import { BillChanged, changeBill } from '#store/bills/bills.ts';
import { eventItem } from '#store/events.ts';
import { getOwnBill } from './get-own-bill.ts';

/**
 * Cancels an unpaid bill, with its `bill.cancelled` event in the same transaction. A bill paid,
 * expired or cancelled meanwhile is refused (409) and left as it is; cancelling twice answers
 * the cancelled bill.
 */
export async function cancelBill(clientId: string, billId: string, now = new Date()): Promise<Bill> {
  let { bill } = await getOwnBill(clientId, billId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const status = effectiveStatus(bill, now);
    if (status === 'Cancelled') return bill;
    if (status !== 'Unpaid') throw billErrors.notCancellable(status);
    const at = now.toISOString();
    const cancelled: Bill = { ...bill, status: 'Cancelled', statusUpdatedAt: at, version: bill.version + 1 };
    try {
      await changeBill(cancelled, bill.version, [eventItem(billStatusEvent(cancelled))]);
      return cancelled;
    } catch (error) {
      if (!(error instanceof BillChanged) || !error.current) throw error;
      bill = error.current;
    }
  }
  throw billErrors.notCancellable(bill.status);
}
