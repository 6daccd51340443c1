import { BILL_ID } from '#domain/bills/bill.ts';
import {
  businessDayWindow,
  inVietnamTime,
  parseReconciliationDate,
  type ReconciliationItem,
  type ReconciliationReport,
  reconciliationReport,
} from '#domain/bills/reconciliation.ts';
import { valueOrThrow } from '#domain/errors.ts';
import {
  billIdsByPartnerReference,
  billReferences,
  entriesBookedBetween,
} from '#store/bills/day-movements.ts';
import { getPartner } from '#store/bills/partners.ts';

/**
 * A partner's business day (Vietnam time): every movement of its collection account that day,
 * read from the ledger itself over the account and all its shards, each with its bill and
 * posting, so the totals are the account's movements by construction. A credit is a payment, a
 * debit a refund. A day not ended yet is provisional; a day not begun is refused.
 */
export async function reconcileDay(
  clientId: string,
  date: string,
  now = new Date(),
): Promise<ReconciliationReport> {
  const day = valueOrThrow(parseReconciliationDate(date, now));
  const partner = await getPartner(clientId);
  // No collection account yet: nothing was paid to this partner, on that day or any other.
  if (!partner) return reconciliationReport(day, [], now);
  const { accountId, shards } = partner.collection;
  const { from, to } = businessDayWindow(day);
  const entries = await entriesBookedBetween(accountId, shards, from, to);
  const billIdOf = await billIdsNamed(
    clientId,
    entries.flatMap((entry) => (entry.reference ? [entry.reference] : [])),
  );
  const bills = await billReferences([...billIdOf.values()]);
  const items = entries.map((entry): ReconciliationItem => {
    const billId = entry.reference ? billIdOf.get(entry.reference) : undefined;
    const bill = billId ? bills.get(billId) : undefined;
    const own = bill?.clientId === clientId ? bill : undefined;
    return {
      ...(own && { BillId: billId!, Reference: own.reference }),
      Type: entry.creditDebit === 'Credit' ? 'Payment' : 'Refund',
      Amount: entry.amount,
      LedgerReference: entry.postingId,
      BookedAt: inVietnamTime(entry.bookedAt),
      // The bill's payer (the citizen); for money naming no bill, whoever the ledger names.
      ...(own
        ? { PayerName: own.payerName }
        : entry.counterparty?.name && { PayerName: entry.counterparty.name }),
    };
  });
  return reconciliationReport(day, items, now);
}

/**
 * The bill each entry's reference names, as a payment is matched to its bill: a QR payment's and a
 * refund's entries carry the `BillId`; a payment initiation's carry what the payer wrote in
 * `RemittanceInformation.Reference`, the `BillId` or the partner's own `Reference`.
 */
async function billIdsNamed(clientId: string, references: string[]): Promise<Map<string, string>> {
  const byBillId = references.filter((reference) => BILL_ID.test(reference));
  const byPartnerReference = await billIdsByPartnerReference(
    clientId,
    references.filter((reference) => !BILL_ID.test(reference)),
  );
  return new Map([...byBillId.map((billId) => [billId, billId] as const), ...byPartnerReference]);
}
