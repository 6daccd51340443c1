import { OWN_BANK_BIN } from '../banks.ts';
import { shardFor } from '../ledger/shards.ts';
import type { TransferInstruction } from '../ledger/transfer.ts';
import { truncate } from '../text.ts';
import type { Bill, BillPayer, CollectionAccountRef } from './bill.ts';
import type { BillRefund } from './refund.ts';

/** Statement lines hold 140 characters. */
function statementText(text: string): string {
  return truncate(text, 140);
}

/** The collection account as a posting side: sharded, so a credit is an unconditioned add on one shard. */
function collectionSide(collection: CollectionAccountRef) {
  return { accountId: collection.accountId, ...(collection.shards > 0 ? { shards: collection.shards } : {}) };
}

/** The posting of a bill payment made from an account of this bank (a scanned code): payer → collection account. */
export function billPaymentTransfer(
  bill: Bill,
  payment: { amount: number; paymentId: string; postingId: string; payer: BillPayer; clientId?: string },
): TransferInstruction {
  return {
    kind: 'bill-payment',
    amount: payment.amount,
    postingId: payment.postingId,
    sourceId: payment.paymentId,
    ...(payment.clientId ? { clientId: payment.clientId } : {}),
    reference: bill.billId,
    debit: {
      accountId: payment.payer.accountId,
      description: statementText(`Thanh toán ${bill.reference} - ${bill.description}`),
      counterparty: {
        name: bill.collection.name,
        accountNumber: bill.collection.accountNumber,
        bankBin: bill.collection.bankBin,
      },
    },
    credit: {
      ...collectionSide(bill.collection),
      description: statementText(`Thu ${bill.reference} - ${payment.payer.name}`),
      counterparty: {
        name: payment.payer.name,
        accountNumber: payment.payer.accountNumber,
        bankBin: OWN_BANK_BIN,
      },
    },
  };
}

/** A payment initiation's posting made a bill payment: its credit lands on the collection account's shards. */
export function asBillPayment(transfer: TransferInstruction, bill: Bill): TransferInstruction {
  return {
    ...transfer,
    kind: 'bill-payment',
    credit: { ...transfer.credit, ...collectionSide(bill.collection) },
  };
}

/**
 * The posting of a refund: collection account → the payer, on the shard the refunded payment
 * credited (so each shard's entries pair up), linked to that payment by `sourceId` and reference.
 */
export function refundTransfer(bill: Bill, refund: BillRefund): TransferInstruction {
  const { shards } = bill.collection;
  return {
    kind: 'refund',
    amount: refund.amount,
    postingId: refund.postingId,
    sourceId: refund.originalPostingId,
    clientId: bill.clientId,
    reference: bill.billId,
    debit: {
      ...collectionSide(bill.collection),
      ...(shards > 0 ? { shard: shardFor(refund.originalPostingId, shards) } : {}),
      description: statementText(`Hoàn tiền ${bill.reference} - ${refund.payer.name}`),
      bankTransactionCode: { code: 'ICDT', subCode: 'RRTN' },
      counterparty: {
        name: refund.payer.name,
        accountNumber: refund.payer.accountNumber,
        bankBin: OWN_BANK_BIN,
      },
    },
    credit: {
      accountId: refund.payer.accountId,
      description: statementText(`Hoàn tiền ${bill.reference} - ${bill.collection.name}`),
      bankTransactionCode: { code: 'RCDT', subCode: 'RRTN' },
      counterparty: {
        name: bill.collection.name,
        accountNumber: bill.collection.accountNumber,
        bankBin: bill.collection.bankBin,
      },
    },
  };
}
