import { bankAccounts } from '#domain/ledger/accounts.ts';
import { AccountNotFoundError, DuplicatePostingError } from '#domain/ledger/errors.ts';
import { type OpsException, opsExceptionId } from '#domain/ledger/exceptions.ts';
import type { TransferInstruction } from '#domain/ledger/transfer.ts';
import { rejectionDescription } from '#domain/payments/errors.ts';
import { paymentStatusChanged } from '#domain/payments/events.ts';
import { reversalTransfer } from '#domain/payments/postings.ts';
import type { SettlementAnswer, SettlementConnector } from '#domain/payments/settlement.ts';
import { type DomesticPayment, reversalPostingId, withStatus } from '#domain/payments/status.ts';
import { logger } from '#runtime/logger.ts';
import { eventItem } from '#store/events.ts';
import { ensureBankAccount, getAccount } from '#store/ledger/accounts.ts';
import { opsExceptionPut } from '#store/ledger/exceptions.ts';
import { getPosting } from '#store/ledger/postings.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import { dailyTotalChange } from '#store/payments/daily-totals.ts';
import { listDueSettlements, paymentTransition } from '#store/payments.ts';
import { type ExtraWrite, writeTogether } from '#store/transact.ts';
import { configuredSettlementConnector } from './settlement-connector.ts';

/** Payments handled per run; a larger backlog is finished by the next runs. */
const BATCH = 500;
/** Payments handled at once. */
const PARALLEL = 8;

export interface SettlementResult {
  /** Settled by NAPAS: now `AcceptedSettlementCompleted`. */
  completed: number;
  /** Refused by the receiving bank: funds returned, now `Rejected`. */
  rejected: number;
  /** Settled meanwhile by another run: left as they are. */
  skipped: number;
  /** Could not be handled now (logged); the next run tries again. */
  failed: number;
  /** No answer from the rail yet, or no connector to ask: left in process, untouched. */
  pending: number;
}

export interface SettleOptions {
  now?: Date;
  /** The interbank rail; the deployment's (`settlement-connector.ts`) unless given, `undefined` for none. */
  connector?: SettlementConnector | undefined;
  /** Only this fintech's payments (a test's own). */
  clientId?: string;
  limit?: number;
}

/** The payment changed between the index read and the guarded write: nothing to do. */
class MovedOn extends Error {}

/**
 * Settles interbank payments that are `AcceptedSettlementInProcess` and due, as the
 * configured connector (NAPAS 247; in sandbox its simulator) answers for each. Settled: the
 * payment becomes `AcceptedSettlementCompleted` (the funds stay with NAPAS clearing, paid on to
 * the other bank). Refused: ONE transaction returns the funds from clearing (the shard the
 * payment credited) to the debtor (a reversal posting), marks the payment `Rejected`, takes the
 * amount off the customer's day and records the event; a debtor account disabled meanwhile
 * still gets its money back, and one that no longer exists leaves it in suspense, each with an
 * exception for the operations desk. No answer yet, or no connector at all (a live platform
 * before NAPAS is wired): the payment stays in process; nothing is ever reported that the rail
 * did not say. Every change is guarded on the payment still being in process, and the reversal
 * has one possible posting id per payment, so two runs never settle or return twice.
 */
export async function settleInterbankPayments(options: SettleOptions = {}): Promise<SettlementResult> {
  const now = options.now ?? new Date();
  const connector = 'connector' in options ? options.connector : configuredSettlementConnector;
  const due = await listDueSettlements({
    now,
    limit: options.limit ?? BATCH,
    ...(options.clientId ? { clientId: options.clientId } : {}),
  });
  const result: SettlementResult = { completed: 0, rejected: 0, skipped: 0, failed: 0, pending: 0 };
  if (!connector) {
    result.pending = due.length;
    if (due.length > 0)
      logger.warn('no interbank connector configured: payments stay in process', { due: due.length });
    return result;
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, due.length) }, async () => {
      while (next < due.length) {
        const payment = due[next++]!;
        result[await settleOne(payment, connector, now)]++;
      }
    }),
  );
  return result;
}

async function settleOne(
  payment: DomesticPayment,
  connector: SettlementConnector,
  now: Date,
): Promise<keyof SettlementResult> {
  const at = now.toISOString();
  const guard = {
    paymentId: payment.paymentId,
    from: 'AcceptedSettlementInProcess' as const,
    at,
    onConditionFailed: () => new MovedOn(),
  };
  try {
    const answer: SettlementAnswer = await connector.outcomeOf(payment);
    if (answer === 'pending') return 'pending';
    if (answer === 'Completed') {
      const settled = withStatus(payment, 'AcceptedSettlementCompleted', at);
      await writeTogether([
        paymentTransition({ ...guard, to: settled.status }),
        eventItem(paymentStatusChanged(settled)),
      ]);
      return 'completed';
    }
    const rejection = {
      reason: 'ReceivingBankRejected' as const,
      description: rejectionDescription('ReceivingBankRejected'),
    };
    const returned = withStatus(payment, 'Rejected', at, rejection);
    const writes = [
      paymentTransition({
        ...guard,
        to: 'Rejected',
        rejection,
        reversalPostingId: reversalPostingId(payment.paymentId),
      }),
      eventItem(paymentStatusChanged(returned)),
      dailyTotalChange({ customerId: payment.customerId, day: payment.day, amount: -payment.amount }),
    ];
    await returnFunds(payment, writes, now);
    return 'rejected';
  } catch (error) {
    if (error instanceof MovedOn || error instanceof DuplicatePostingError) return 'skipped';
    logger.error('payment not settled', { paymentId: payment.paymentId, connector: connector.name, error });
    return 'failed';
  }
}

/**
 * Books the reversal: from the clearing shard the payment credited back to the debtor account,
 * even a disabled one (the money is the customer's; a disabled account only refuses new
 * payments), with an exception for the desk; to suspense when the account is gone.
 */
async function returnFunds(payment: DomesticPayment, writes: ExtraWrite[], now: Date): Promise<void> {
  const [original, debtor] = await Promise.all([
    payment.postingId ? getPosting(payment.postingId) : undefined,
    getAccount(payment.debtorAccountId),
  ]);
  const reversal = reversalTransfer(payment, original?.creditShard);
  const exception = (kind: OpsException['kind'], accountId: string, description: string): ExtraWrite =>
    opsExceptionPut({
      exceptionId: opsExceptionId(kind, payment.paymentId),
      kind,
      occurredAt: now.toISOString(),
      amount: payment.amount,
      accountId,
      postingId: reversal.postingId!,
      sourceId: payment.paymentId,
      clientId: payment.clientId,
      customerId: payment.customerId,
      description,
      status: 'Open',
    });
  const book = (instruction: TransferInstruction, extra: ExtraWrite[]) =>
    postTransfer(instruction, {
      now: () => now,
      creditMayBeDisabled: true,
      extraWrites: [...writes, ...extra],
    });
  try {
    await book(
      reversal,
      debtor && debtor.status !== 'Enabled'
        ? [
            exception(
              'reversal-to-disabled-account',
              payment.debtorAccountId,
              'A refused interbank payment was returned to its debtor account, which is disabled: tell the customer how to reach the funds.',
            ),
          ]
        : [],
    );
  } catch (error) {
    if (!(error instanceof AccountNotFoundError && error.side === 'credit')) throw error;
    await ensureBankAccount(bankAccounts.suspense);
    await book({ ...reversal, credit: { ...reversal.credit, accountId: bankAccounts.suspense } }, [
      exception(
        'reversal-to-suspense',
        bankAccounts.suspense,
        `A refused interbank payment could not be returned to debtor account ${payment.debtorAccountId} (it no longer exists): the funds are in suspense; pay them out to the customer.`,
      ),
    ]);
  }
}
