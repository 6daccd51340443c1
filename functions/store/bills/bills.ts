import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Bill, expiresAt } from '#domain/bills/bill.ts';
import type { BillRefund } from '#domain/bills/refund.ts';
import { documents, mainTableName } from '../client.ts';
import { listDue } from '../due-index.ts';
import { BILL_DUE_SHARDS, billsDuePartition, keys, pendingBillRefundsPartition } from '../keys.ts';
import { type ExtraWrite, writeTogether } from '../transact.ts';

/**
 * Bills, their refunds and the partners' references. Layout (keys in `../keys.ts`):
 *
 * | item          | pk                        | sk                | index                                       |
 * |---------------|---------------------------|-------------------|---------------------------------------------|
 * | bill          | BILL#<billId>             | BILL              | gsi1 BILLS#<clientId> / <createdAt>#<billId>; gsi2 BILLDUE#<shard> / <expiresAt>#<billId> while Unpaid |
 * | refund        | BILL#<billId>             | REFUND#<refundId> | gsi1 BILLREFUNDS#<shard> / … while Pending  |
 * | reference     | BILLREF#<clientId>#<ref>  | BILLREF           |                                             |
 *
 * A bill and its refunds share one partition, so one strongly consistent Query reads a bill
 * with everything done to it. The reference item makes the partner's `Reference` unique
 * (written with the bill in one transaction). Every change of a bill is a whole-item put
 * conditioned on the version read: optimistic, so racing payments resolve to exactly one.
 */
interface BillItem extends Bill {
  type: 'Bill';
}

interface BillRefundItem extends BillRefund {
  type: 'BillRefund';
}

const table = () => mainTableName();

/** The bill as stored, with its indexes (the expiry index only while it may still expire). */
function billItem(bill: Bill): Record<string, unknown> {
  const item: BillItem = { type: 'Bill', ...bill };
  return {
    ...keys.bill(bill.billId),
    ...keys.billsOfClient(bill.clientId, bill.createdAt, bill.billId),
    ...(bill.status === 'Unpaid' ? keys.billDue(bill.billId, expiresAt(bill)) : {}),
    ...item,
  };
}

function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _1, gsi1sk: _2, gsi2pk: _3, gsi2sk: _4, type: _type, ...rest } = item;
  return rest as T;
}

/** A bill as read from its item (by another store's batch read, say), without keys or type. */
export function billOfItem(item: Record<string, unknown>): Bill {
  return stripKeys<Bill>(item);
}

/** The reference was taken by another bill: its id and the fingerprint of the request that made it. */
export class ReferenceTaken extends Error {
  override name = 'ReferenceTaken';
  constructor(
    readonly billId: string,
    readonly fingerprint: string,
  ) {
    super(`reference already names bill ${billId}`);
  }
}

/**
 * Stores a new bill with its reference item in one transaction.
 *
 * @throws ReferenceTaken when the partner's reference names another bill already (nothing written)
 */
export async function insertBill(bill: Bill): Promise<void> {
  await writeTogether([
    {
      label: 'bill',
      item: {
        Put: { TableName: table(), Item: billItem(bill), ConditionExpression: 'attribute_not_exists(pk)' },
      },
    },
    {
      label: 'bill reference',
      item: {
        Put: {
          TableName: table(),
          Item: {
            ...keys.billReference(bill.clientId, bill.reference),
            type: 'BillReference',
            billId: bill.billId,
            fingerprint: bill.fingerprint,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
      onConditionFailed: (current) =>
        new ReferenceTaken(String(current?.billId ?? ''), String(current?.fingerprint ?? '')),
    },
  ]);
}

/** One bill, strongly consistent. */
export async function getBill(billId: string): Promise<Bill | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: table(), Key: keys.bill(billId), ConsistentRead: true }),
  );
  return Item ? stripKeys<Bill>(Item) : undefined;
}

/** The bill a partner's reference names, if any (two strongly consistent reads). */
export async function getBillByReference(clientId: string, reference: string): Promise<Bill | undefined> {
  const { Item } = await documents.send(
    new GetCommand({
      TableName: table(),
      Key: keys.billReference(clientId, reference),
      ConsistentRead: true,
    }),
  );
  return Item ? getBill(String(Item.billId)) : undefined;
}

/** Refunds of one bill are bounded (each needs money left to refund); one page holds them. */
const MAX_BILL_ITEMS = 500;

/** A bill and its refunds, oldest first, in one strongly consistent Query. */
export async function getBillWithRefunds(
  billId: string,
): Promise<{ bill: Bill; refunds: BillRefund[] } | undefined> {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.bill(billId).pk },
      ConsistentRead: true,
      Limit: MAX_BILL_ITEMS,
    }),
  );
  const items = Items ?? [];
  const bill = items.find((item) => item.sk === 'BILL');
  if (!bill) return undefined;
  const refunds = items
    .filter((item) => String(item.sk).startsWith('REFUND#'))
    .map((item) => stripKeys<BillRefund>(item))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return { bill: stripKeys<Bill>(bill), refunds };
}

/** A page of a partner's bills by creation time. */
export interface BillPage {
  bills: Bill[];
  /** The sort key to continue after, when more may follow. */
  last?: string;
}

/** A partner's bills created in `[fromIso, toIso)`, oldest first, after `after` (a sort key this returned). */
export async function listBillsOfClient(
  clientId: string,
  options: { fromIso: string; toIso: string; limit: number; after?: string },
): Promise<BillPage> {
  const pk = keys.billsOfClient(clientId, '', '').gsi1pk;
  const result = await documents.send(
    new QueryCommand({
      TableName: table(),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': options.fromIso, ':to': options.toIso },
      ...(options.after
        ? {
            ExclusiveStartKey: {
              gsi1pk: pk,
              gsi1sk: options.after,
              ...keys.bill(options.after.slice(options.after.lastIndexOf('#') + 1)),
            },
          }
        : {}),
      Limit: options.limit,
    }),
  );
  const bills = (result.Items ?? []).map((item) => stripKeys<Bill>(item));
  const last = result.LastEvaluatedKey?.gsi1sk as string | undefined;
  return { bills, ...(last ? { last } : {}) };
}

/** Raised when a bill changed since it was read: `current` is the bill as it now is. */
export class BillChanged extends Error {
  override name = 'BillChanged';
  constructor(readonly current: Bill | undefined) {
    super('the bill changed since it was read');
  }
}

/**
 * The write that moves a bill from the version read to `next`, for a transaction: it fails
 * with {@link BillChanged} (carrying the bill as it now is) if anyone changed the bill meanwhile.
 */
export function billChange(next: Bill, readVersion: number): ExtraWrite {
  return {
    label: 'bill',
    item: {
      Put: {
        TableName: table(),
        Item: billItem(next),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': readVersion },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) => new BillChanged(current ? stripKeys<Bill>(current) : undefined),
  };
}

/**
 * A check, in a transaction, that the bill is still at the version read (a duplicate payment
 * of a paid bill writes no bill change, so racing duplicates never make each other retry).
 */
export function billUnchanged(bill: Bill): ExtraWrite {
  return {
    label: 'bill',
    item: {
      ConditionCheck: {
        TableName: table(),
        Key: keys.bill(bill.billId),
        ConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': bill.status },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) => new BillChanged(current ? stripKeys<Bill>(current) : undefined),
  };
}

/** Changes a bill alone (with its event and any other writes), conditioned on the version read. */
export function changeBill(next: Bill, readVersion: number, extra: ExtraWrite[] = []): Promise<void> {
  return writeTogether([billChange(next, readVersion), ...extra]);
}

/** A refund record, new (never overwriting another) or replacing its `Pending` self. */
export function refundWrite(refund: BillRefund, mode: 'create' | 'complete'): ExtraWrite {
  const item: BillRefundItem = { type: 'BillRefund', ...refund };
  return {
    label: 'bill refund',
    item: {
      Put: {
        TableName: table(),
        Item: {
          ...keys.billRefund(refund.billId, refund.refundId),
          ...(refund.status === 'Pending'
            ? keys.pendingBillRefund(refund.billId, refund.refundId, refund.createdAt)
            : {}),
          ...item,
        },
        ConditionExpression:
          mode === 'create' ? 'attribute_not_exists(pk)' : 'attribute_exists(pk) AND #status = :pending',
        ...(mode === 'complete'
          ? {
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':pending': 'Pending' },
            }
          : {}),
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) => new RefundExists(current ? stripKeys<BillRefund>(current) : undefined),
  };
}

/** The refund record exists already (or, completing, is no longer pending): as it is now. */
export class RefundExists extends Error {
  override name = 'RefundExists';
  constructor(readonly current: BillRefund | undefined) {
    super('the refund exists already');
  }
}

/** One refund of a bill, strongly consistent. */
export async function getRefund(billId: string, refundId: string): Promise<BillRefund | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: table(), Key: keys.billRefund(billId, refundId), ConsistentRead: true }),
  );
  return Item ? stripKeys<BillRefund>(Item) : undefined;
}

/** Unpaid bills whose last payable day ended by `now`, over every shard of the expiry index. */
export async function listBillsToExpire(now: Date, limit: number): Promise<Bill[]> {
  const upper = `${now.toISOString()}$`;
  const perShard = await Promise.all(
    Array.from({ length: BILL_DUE_SHARDS }, async (_, shard) => {
      const { Items } = await documents.send(
        new QueryCommand({
          TableName: table(),
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :upper',
          ExpressionAttributeValues: { ':pk': billsDuePartition(shard), ':upper': upper },
          Limit: Math.min(limit, 100),
        }),
      );
      return (Items ?? []).map((item) => stripKeys<Bill>(item));
    }),
  );
  return perShard.flat().slice(0, limit);
}

/** Refunds still `Pending` that were created before `before` (the sweeper's backlog), oldest first per shard. */
export function listPendingRefunds(before: Date, limit: number): Promise<BillRefund[]> {
  return listDue<Record<string, unknown>>({
    shards: BILL_DUE_SHARDS,
    partition: pendingBillRefundsPartition,
    now: before,
    limit,
  }).then((items) => items.map((item) => stripKeys<BillRefund>(item)));
}
