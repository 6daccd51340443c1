import { DuplicatePostingError } from '#domain/ledger/errors.ts';
import { rejectionDescription } from '#domain/payments/errors.ts';
import { paymentStatusChanged } from '#domain/payments/events.ts';
import { reversalTransfer } from '#domain/payments/postings.ts';
import {
  type DomesticPayment,
  reversalPostingId,
  type SettlementOutcome,
  sandboxSettlementOutcome,
  withStatus,
} from '#domain/payments/status.ts';
import { logger } from '#runtime/logger.ts';
import { eventItem } from '#store/events.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import { dailyTotalChange } from '#store/payments/daily-totals.ts';
import { listDueSettlements, paymentTransition } from '#store/payments.ts';
import { writeTogether } from '#store/transact.ts';

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
}

export interface SettleOptions {
  now?: Date;
  /** Forces the receiving banks' answer; by default the sandbox's deterministic rule decides. */
  outcome?: SettlementOutcome;
  /** Only this fintech's payments (a test's own). */
  clientId?: string;
  limit?: number;
}

/** The payment changed between the index read and the guarded write: nothing to do. */
class MovedOn extends Error {}

/**
 * Settles interbank payments that are `AcceptedSettlementInProcess` and due: the sandbox's
 * NAPAS 247 answers for each receiving bank. Settled: the payment becomes
 * `AcceptedSettlementCompleted` (the funds stay with NAPAS clearing, paid on to the other
 * bank). Refused: ONE transaction returns the funds from clearing to the debtor (a reversal
 * posting), marks the payment `Rejected`, takes the amount off the customer's day and records
 * the event. Every change is guarded on the payment still being in process, and the reversal
 * has one possible posting id per payment, so two runs never settle or return twice.
 */
export async function settleInterbankPayments(options: SettleOptions = {}): Promise<SettlementResult> {
  const now = options.now ?? new Date();
  const due = await listDueSettlements({
    now,
    limit: options.limit ?? BATCH,
    ...(options.clientId ? { clientId: options.clientId } : {}),
  });
  const result: SettlementResult = { completed: 0, rejected: 0, skipped: 0, failed: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, due.length) }, async () => {
      while (next < due.length) {
        const payment = due[next++]!;
        const outcome = options.outcome ?? sandboxSettlementOutcome(payment.initiation);
        result[await settleOne(payment, outcome, now)]++;
      }
    }),
  );
  return result;
}

async function settleOne(
  payment: DomesticPayment,
  outcome: SettlementOutcome,
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
    if (outcome === 'Completed') {
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
    await postTransfer(reversalTransfer(payment), {
      now: () => now,
      extraWrites: [
        paymentTransition({
          ...guard,
          to: 'Rejected',
          rejection,
          reversalPostingId: reversalPostingId(payment.paymentId),
        }),
        eventItem(paymentStatusChanged(returned)),
        dailyTotalChange({ customerId: payment.customerId, day: payment.day, amount: -payment.amount }),
      ],
    });
    return 'rejected';
  } catch (error) {
    if (error instanceof MovedOn || error instanceof DuplicatePostingError) return 'skipped';
    logger.error('payment not settled', { paymentId: payment.paymentId, error });
    return 'failed';
  }
}
