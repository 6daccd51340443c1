import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DomesticPayment, PaymentStatus, RejectionReason } from '#domain/payments/status.ts';
import { documents, mainTableName } from './client.ts';
import { listDue } from './due-index.ts';
import { keys, paymentSettlePartition, SETTLE_SHARDS } from './keys.ts';
import type { ExtraWrite } from './transact.ts';

/**
 * Domestic payments (keys in `keys.ts`). The sparse in-process index holds only interbank
 * payments waiting for NAPAS, ordered by when they may settle, so the settlement worker reads
 * exactly the due ones; it is spread over shards so a busy day never makes one hot partition.
 */
export interface PaymentItem extends DomesticPayment {
  type: 'DomesticPayment';
}

const table = () => mainTableName();

/** A new payment as a write of the transaction that books it (never overwriting another). */
export function paymentPut(payment: DomesticPayment): ExtraWrite {
  const item: PaymentItem = { type: 'DomesticPayment', ...payment };
  const waiting = payment.status === 'AcceptedSettlementInProcess' && payment.settleAfter;
  return {
    label: 'payment',
    item: {
      Put: {
        TableName: table(),
        Item: {
          ...keys.payment(payment.paymentId),
          ...(waiting ? keys.paymentInProcess(payment.paymentId, payment.settleAfter!) : {}),
          ...item,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  };
}

/** The payment, read strongly consistent (a status just changed must show). */
export async function getPayment(paymentId: string): Promise<PaymentItem | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: table(), Key: keys.payment(paymentId), ConsistentRead: true }),
  );
  return Item as PaymentItem | undefined;
}

/**
 * A guarded status change (only from `from`), appended to the history, as a write of the same
 * transaction as its ledger effect and event. Leaving `AcceptedSettlementInProcess` takes the
 * payment out of the settlement index.
 */
export function paymentTransition(input: {
  paymentId: string;
  from: PaymentStatus;
  to: PaymentStatus;
  at: string;
  rejection?: { reason: RejectionReason; description: string };
  reversalPostingId?: string;
  /** The error when the guard fails; `current` is the payment as stored. */
  onConditionFailed: (current: PaymentItem | undefined) => Error;
}): ExtraWrite {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = {
    ':from': input.from,
    ':to': input.to,
    ':at': input.at,
    ':change': [{ Status: input.to, At: input.at }],
  };
  const sets = [
    '#status = :to',
    'statusUpdatedAt = :at',
    'statusHistory = list_append(statusHistory, :change)',
  ];
  if (input.rejection) {
    names['#rejection'] = 'rejection';
    values[':rejection'] = input.rejection;
    sets.push('#rejection = :rejection');
  }
  if (input.reversalPostingId) {
    values[':reversal'] = input.reversalPostingId;
    sets.push('reversalPostingId = :reversal');
  }
  const leaves = input.from === 'AcceptedSettlementInProcess';
  return {
    label: 'payment',
    item: {
      Update: {
        TableName: table(),
        Key: keys.payment(input.paymentId),
        UpdateExpression: `SET ${sets.join(', ')}${leaves ? ' REMOVE gsi1pk, gsi1sk' : ''}`,
        ConditionExpression: '#status = :from',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) => input.onConditionFailed(current as PaymentItem | undefined),
  };
}

/**
 * Interbank payments in process whose settlement is due at `now`, earliest first within each
 * shard, at most `limit` in all. From an eventually consistent index: every change is guarded
 * on the payment's status anyway. `clientId` keeps to one fintech's payments (a test's).
 */
export async function listDueSettlements(options: {
  now: Date;
  limit: number;
  clientId?: string;
}): Promise<PaymentItem[]> {
  return listDue<PaymentItem>({ shards: SETTLE_SHARDS, partition: paymentSettlePartition, ...options });
}
