import { requestFingerprint } from '#domain/idempotency.ts';
import { ConcurrentModificationError, InsufficientFundsError } from '#domain/ledger/errors.ts';
import { newLedgerId } from '#domain/ledger/transfer.ts';
import {
  abandonIdempotent,
  beginIdempotent,
  completeIdempotent,
  completionWrite,
  type IdempotencyOptions,
} from '#store/idempotency.ts';
import { postTransfer } from '#store/ledger/transfer.ts';

/** A payment request as a handler would receive it. */
export interface PayRequest {
  clientId: string;
  key: string;
  debitAccountId: string;
  creditAccountId: string;
  amount: number;
}

export interface PayAnswer {
  status: number;
  body: { Data: { PaymentId?: string; Status: string; Amount: string } };
  replayed: boolean;
}

/**
 * The wiring a payment handler uses: claim the key, book the transfer with the key's
 * completion in the same transaction, store a funds refusal as the key's answer, free the
 * key when nothing could be written (a retryable 409 the client sends again).
 * `crash` simulates the Lambda dying at a point of the flow.
 */
export async function pay(
  request: PayRequest,
  options: { crash?: 'after-begin' | 'after-write'; idempotency?: IdempotencyOptions } = {},
): Promise<PayAnswer> {
  const body = {
    debit: request.debitAccountId,
    credit: request.creditAccountId,
    amount: String(request.amount),
  };
  const fingerprint = requestFingerprint({ method: 'POST', path: '/v1/test/payments', body });
  const begun = await beginIdempotent(request.clientId, request.key, fingerprint, options.idempotency);
  if (begun.kind === 'replay')
    return { status: begun.status, body: begun.body as PayAnswer['body'], replayed: true };
  if (options.crash === 'after-begin') throw new Error('simulated crash before the ledger write');

  const paymentId = newLedgerId('pmt');
  const accepted: PayAnswer['body'] = {
    Data: { PaymentId: paymentId, Status: 'AcceptedSettlementCompleted', Amount: body.amount },
  };
  try {
    await postTransfer(
      {
        kind: 'domestic-payment',
        amount: request.amount,
        sourceId: request.key,
        clientId: request.clientId,
        debit: { accountId: request.debitAccountId, description: `Chuyen tien ${paymentId}` },
        credit: { accountId: request.creditAccountId, description: `Nhan tien ${paymentId}` },
      },
      { extraWrites: [completionWrite(begun, { status: 201, body: accepted }, options.idempotency)] },
    );
  } catch (error) {
    // Nothing was written: free the key so the client's retry runs afresh.
    if (error instanceof ConcurrentModificationError) await abandonIdempotent(begun);
    if (!(error instanceof InsufficientFundsError)) throw error;
    const rejected = { Data: { Status: 'Rejected', Amount: body.amount } };
    await completeIdempotent(begun, { status: 422, body: rejected }, options.idempotency);
    return { status: 422, body: rejected, replayed: false };
  }
  if (options.crash === 'after-write') throw new Error('simulated crash after the ledger write');
  return { status: 201, body: accepted, replayed: false };
}
