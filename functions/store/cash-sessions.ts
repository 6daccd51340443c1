import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type CashApproval,
  type CashSession,
  type CashSessionStatus,
  type CashWithdrawalRecord,
  openDeadline,
} from '#domain/cash/session.ts';
import { bankAccounts } from '#domain/ledger/accounts.ts';
import { documents, mainTableName } from './client.ts';
import { listDue } from './due-index.ts';
import { cashOpenPartition, keys, OPEN_SHARDS } from './keys.ts';
import { ensureBankAccount } from './ledger/accounts.ts';
import { type ExtraWrite, writeTogether } from './transact.ts';

/**
 * Cash sessions (cash withdrawal by QR). Layout, beside the table in `keys.ts`:
 *
 * | item              | pk                      | sk          | gsi1pk / gsi1sk                               |
 * |-------------------|-------------------------|-------------|-----------------------------------------------|
 * | cash session      | CASHSESSION#<sessionId> | CASHSESSION | CASHOPEN#<shard> / <deadline>#<sessionId> (open sessions only) |
 * | one-time reference| CASHREF#<reference>     | CASHREF     |                                               |
 *
 * The reference item makes each code's reference unique (written with the session in one
 * transaction) and resolves a scanned code with one strongly consistent read. The sparse
 * `CASHOPEN` index holds only open sessions, ordered by the deadline they must move on by,
 * so the sweeper reads exactly the overdue ones; it is spread over `OPEN_SHARDS` (keys in `keys.ts`)
 * partitions so that a busy ATM network never makes one hot partition.
 */
export interface CashSessionItem extends CashSession {
  type: 'CashSession';
}

const table = () => mainTableName();

/**
 * Stores a new session with its reference. False when the reference is taken already (never
 * expected with ~100 random bits, but the caller then simply draws another).
 */
export async function insertCashSession(session: CashSession): Promise<boolean> {
  const item: CashSessionItem = { type: 'CashSession', ...session };
  const deadline = openDeadline(session);
  const taken = () => new ReferenceTaken();
  try {
    await writeTogether([
      {
        label: 'cash session',
        item: {
          Put: {
            TableName: table(),
            Item: {
              ...keys.cashSession(session.sessionId),
              ...(deadline ? keys.cashOpen(session.sessionId, deadline) : {}),
              ...item,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: taken,
      },
      {
        label: 'cash code reference',
        item: {
          Put: {
            TableName: table(),
            Item: {
              ...keys.cashReference(session.reference),
              type: 'CashReference',
              reference: session.reference,
              sessionId: session.sessionId,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onConditionFailed: taken,
      },
    ]);
    return true;
  } catch (error) {
    if (error instanceof ReferenceTaken) return false;
    throw error;
  }
}

/** The session id or the code's reference exists already. */
class ReferenceTaken extends Error {}

/** The session, read strongly consistent (status checks must see the latest write). */
export async function getCashSession(sessionId: string): Promise<CashSessionItem | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: table(), Key: keys.cashSession(sessionId), ConsistentRead: true }),
  );
  return Item as CashSessionItem | undefined;
}

/** The session a scanned code's one-time reference names, if any. */
export async function findCashSessionByReference(reference: string): Promise<CashSessionItem | undefined> {
  const { Item } = await documents.send(
    new GetCommand({ TableName: table(), Key: keys.cashReference(reference), ConsistentRead: true }),
  );
  return Item ? getCashSession(String(Item.sessionId)) : undefined;
}

interface Transition {
  session: Pick<CashSession, 'sessionId'>;
  from: CashSessionStatus;
  to: CashSessionStatus;
  at: string;
  /** More of the guard, ANDed with `status = from`. */
  guard?: { expression: string; values?: Record<string, unknown>; names?: Record<string, string> };
  set?: Record<string, unknown>;
  /** The new deadline for the open-session index; absent: the session leaves the index. */
  deadline?: string;
  /** The error when the guard fails; `current` is the session as stored. */
  onConditionFailed: (current: CashSession | undefined) => Error;
}

/** A guarded status change as a transaction item, to commit with its ledger effect and event. */
function transition(input: Transition): ExtraWrite {
  const names: Record<string, string> = { '#status': 'status', ...input.guard?.names };
  const values: Record<string, unknown> = {
    ':from': input.from,
    ':to': input.to,
    ':at': input.at,
    ':change': [{ Status: input.to, At: input.at }],
    ...input.guard?.values,
  };
  const sets = [
    '#status = :to',
    'statusUpdatedAt = :at',
    'statusHistory = list_append(statusHistory, :change)',
  ];
  for (const [field, value] of Object.entries(input.set ?? {})) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  let update = `SET ${sets.join(', ')}`;
  if (input.deadline) {
    values[':openKey'] = keys.cashOpen(input.session.sessionId, input.deadline).gsi1sk;
    update += ', gsi1sk = :openKey';
  } else {
    update += ' REMOVE gsi1pk, gsi1sk';
  }
  return {
    label: 'cash session',
    item: {
      Update: {
        TableName: table(),
        Key: keys.cashSession(input.session.sessionId),
        UpdateExpression: update,
        ConditionExpression: `#status = :from${input.guard ? ` AND ${input.guard.expression}` : ''}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
    onConditionFailed: (current) => input.onConditionFailed(current as CashSession | undefined),
  };
}

/** AwaitingApproval → Approved, only while the approval window is open. */
export function approvalWrite(
  session: CashSession,
  approval: CashApproval,
  onConditionFailed: Transition['onConditionFailed'],
): ExtraWrite {
  return transition({
    session,
    from: 'AwaitingApproval',
    to: 'Approved',
    at: approval.approvedAt,
    guard: { expression: 'expiresAt > :approvedAt', values: { ':approvedAt': approval.approvedAt } },
    set: { approval },
    deadline: approval.dispenseBy,
    onConditionFailed,
  });
}

/** Approved → Completed or Reversed, reported by the terminal client that opened the session. */
export function reportWrite(
  session: CashSession,
  withdrawal: CashWithdrawalRecord,
  onConditionFailed: Transition['onConditionFailed'],
): ExtraWrite {
  return transition({
    session,
    from: 'Approved',
    to: withdrawal.outcome === 'Dispensed' ? 'Completed' : 'Reversed',
    at: withdrawal.reportedAt,
    guard: { expression: 'clientId = :client', values: { ':client': session.clientId } },
    set: { withdrawal },
    onConditionFailed,
  });
}

/**
 * Expired → Completed or Reversed: the report of an approved session that came after the
 * sweeper released its hold; only while no report was recorded, from the client that opened it.
 */
export function lateReportWrite(
  session: CashSession,
  withdrawal: CashWithdrawalRecord,
  onConditionFailed: Transition['onConditionFailed'],
): ExtraWrite {
  return transition({
    session,
    from: 'Expired',
    to: withdrawal.outcome === 'Dispensed' ? 'Completed' : 'Reversed',
    at: withdrawal.reportedAt,
    guard: {
      expression: 'clientId = :client AND attribute_exists(#approval) AND attribute_not_exists(#withdrawal)',
      values: { ':client': session.clientId },
      names: { '#approval': 'approval', '#withdrawal': 'withdrawal' },
    },
    set: { withdrawal },
    onConditionFailed,
  });
}

/** An open session past its deadline → Expired (the sweeper; an Approved one releases its hold in the same transaction). */
export function expiryWrite(
  session: CashSession,
  at: string,
  onConditionFailed: Transition['onConditionFailed'],
): ExtraWrite {
  const approved = session.status === 'Approved';
  return transition({
    session,
    from: approved ? 'Approved' : 'AwaitingApproval',
    to: 'Expired',
    at,
    guard: approved
      ? { expression: '#approval.dispenseBy <= :at', names: { '#approval': 'approval' } }
      : { expression: 'expiresAt <= :at' },
    onConditionFailed,
  });
}

/**
 * Open sessions whose deadline is at or before `now`, oldest deadline first within each shard,
 * at most `limit` in all. From an eventually consistent index: each change is guarded anyway.
 * `clientId` keeps to one terminal client's sessions (an operator's terminals, or a test's).
 */
export async function listOverdueCashSessions(options: {
  now: Date;
  limit: number;
  clientId?: string;
}): Promise<CashSessionItem[]> {
  return listDue<CashSessionItem>({ shards: OPEN_SHARDS, partition: cashOpenPartition, ...options });
}

/** Opens the ATM cash account (credited by a dispensed withdrawal) unless it exists. */
export function ensureAtmCashAccount(): Promise<unknown> {
  return ensureBankAccount(bankAccounts.atmCash);
}
