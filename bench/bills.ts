/**
 * Bills benchmark (issue 13), on the shared engine bench/run.ts starts:
 * - bills created per second through the create-bill use case (partner read + one
 *   TransactWriteItems of the bill and its reference item) against the DynamoDB calls of one
 *   captured round of ours replayed raw (same items, conditions and round trips), rounds
 *   alternating;
 * - 50 concurrent payers each paying their own bill of one city (the bill matched inside the
 *   payment's ledger transaction, as /sandbox/qr-payments does after signing in): credits per
 *   second with the collection account sharded 16 ways against one unsharded account, with the
 *   transaction conflicts and the retries each needed.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoCapture, workPer } from './capture.ts';
import { inTurn, sameWorkRow } from './harness.ts';
import { replayer } from './replay.ts';
import { type BenchRow, compared, quick, round } from './report.ts';
import type { Work } from './work.ts';

export async function benchBills(): Promise<BenchRow[]> {
  const { dynamo } = await import('../functions/store/client.ts');
  const { createBill } = await import('../functions/use-cases/bills/create-bill.ts');
  const { openCollectionAccount } = await import('../functions/use-cases/bills/open-collection-account.ts');
  const { bookBillPayment } = await import('../functions/use-cases/bills/book-bill-payment.ts');
  const { billPaymentTransfer } = await import('../functions/domain/bills/postings.ts');
  const { bookingDayOf } = await import('../functions/domain/ledger/booking-day.ts');
  const { bankAccounts } = await import('../functions/domain/ledger/accounts.ts');
  const { ensureBankAccounts, openAccount } = await import('../functions/store/ledger/accounts.ts');
  const { postTransfer } = await import('../functions/store/ledger/transfer.ts');

  const rounds = quick() ? 3 : 5;
  const perRound = quick() ? 40 : 200;
  const concurrency = 8;
  const payers = 50;
  const billsPerPayer = quick() ? 1 : 3;

  let cancelled = 0;
  dynamo.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if ((error as Error).name === 'TransactionCanceledException') cancelled++;
        throw error;
      }
    },
    { step: 'initialize', name: 'benchBillsConflicts' },
  );

  const inParallel = async (count: number, task: (index: number) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) await task(next++);
      }),
    );
  };
  const today = bookingDayOf(new Date());
  const request = (i: number) => ({
    category: 'tuition' as const,
    reference: `BENCH-${randomUUID().slice(0, 13)}-${i}`,
    payerName: 'Trần Minh Anh',
    amount: 1_500_000,
    dueDate: today,
    payableUntil: today,
    description: 'Học phí học kỳ I',
  });

  // 1. Bills created per second, 8 at a time, against every DynamoDB call of one captured round
  // of ours replayed raw as a pipeline (the partner read, then the bill and its reference in one
  // conditioned transaction: same items, conditions and round trips), rounds alternating.
  const city = `bench-city-${randomUUID()}`;
  await openCollectionAccount({ clientId: city, name: 'Sở Giáo dục' });
  const createRound = () => inParallel(perRound, (i) => createBill(city, request(i)));
  const raw = new DynamoDBClient({ maxAttempts: 4 });
  const ours = new DynamoCapture(dynamo, { preImages: new DynamoDBClient({}) });
  const theirs = new DynamoCapture(raw);
  const repeats = { ours: [] as number[], baseline: [] as number[] };
  let work: { ours: Work; baseline: Work };
  try {
    const { captured } = await ours.capture(createRound);
    const replay = replayer(captured, raw, randomUUID().slice(0, 8), 'pipeline');
    await replay.seed(0);
    const { captured: replayed } = await theirs.capture(() => replay.run(0));
    await replay.clean(0);
    work = { ours: workPer(captured, perRound), baseline: workPer(replayed, perRound) };
    for (let r = 1; r <= rounds; r++) {
      const timeOurs = async () => {
        const started = performance.now();
        await createRound();
        repeats.ours.push((perRound / (performance.now() - started)) * 1000);
      };
      const timeBaseline = async () => repeats.baseline.push((perRound / (await replay.timed(r))) * 1000);
      await inTurn(r - 1, timeOurs, timeBaseline);
    }
  } finally {
    ours.remove();
    theirs.remove();
  }
  const rows: BenchRow[] = [
    sameWorkRow(
      `bills created (create-bill use case, ${concurrency} at a time) vs the same calls replayed raw`,
      repeats,
      'bills/s',
      work,
      `${rounds} rounds of ${perRound} each, alternating; baseline: every DynamoDB call of one captured round of ours replayed raw as a pipeline (each call as soon as the call it waited for in ours has ended); work per bill`,
      1,
    ),
  ];

  // 2. 50 concurrent payers on one city's bills: sharded collection account vs unsharded.
  await ensureBankAccounts();
  const payerAccounts = await Promise.all(
    Array.from({ length: payers }, async (_, i) => {
      const account = await openAccount({
        accountId: `bench-payer-${randomUUID()}`,
        ownerId: `bench-customer-${i}`,
        ownerKind: 'customer',
        bankBin: '970415',
        accountNumber: `7${String(Math.floor(Math.random() * 1e11)).padStart(11, '0')}`,
        name: 'NGUYEN VAN BENCH',
        accountType: 'Personal',
        accountSubType: 'CurrentAccount',
        currency: 'VND',
        status: 'Enabled',
      });
      await postTransfer({
        kind: 'sandbox-funding',
        amount: 1_000_000_000,
        debit: { accountId: bankAccounts.sandboxFunding, description: 'Nạp tiền bench' },
        credit: { accountId: account.accountId, description: 'Nạp tiền bench' },
      });
      return account;
    }),
  );
  const payRound = async (shards: number) => {
    const clientId = `bench-city-${shards}-${randomUUID()}`;
    await openCollectionAccount({ clientId, name: 'Thành phố', shards });
    const bills = await Promise.all(
      Array.from({ length: payers * billsPerPayer }, (_, i) => createBill(clientId, request(i))),
    );
    const before = cancelled;
    let retries = 0;
    let lockTimeouts = 0;
    let gaveUp = 0;
    const started = performance.now();
    await Promise.all(
      payerAccounts.map(async (account, p) => {
        for (let b = 0; b < billsPerPayer; b++) {
          const bill = bills[p * billsPerPayer + b]!;
          const paymentId = `qrp-${randomUUID()}`;
          const postingId = `pst_${paymentId}`;
          const payer = {
            accountId: account.accountId,
            accountNumber: account.accountNumber,
            name: account.name,
          };
          // DynamoDB Local (not DynamoDB) times out a transaction waiting for an item lock under this
          // contention; such an attempt wrote nothing: it is counted and the payment tried again.
          for (let attempt = 1; ; attempt++) {
            try {
              await pay();
              break;
            } catch (error) {
              // The ledger gave up after its own retries (a 409 with Retry-After for a client): counted, tried again.
              const busy = (error as { code?: string }).code === 'VN.OB.Ledger.ConcurrentModification';
              const lock = String((error as Error).message).includes('waiting for a lock');
              if ((!busy && !lock) || attempt > 20) throw error;
              if (busy) gaveUp++;
              else lockTimeouts++;
              await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
            }
          }
          continue;
          async function pay() {
            await bookBillPayment(
              bill,
              {
                amount: bill.amount,
                paymentId,
                postingId,
                channel: 'VietQr',
                payer,
                at: new Date(),
                amountPath: 'Data.Amount',
              },
              async (billWrites) => {
                const booked = await postTransfer(
                  billPaymentTransfer(bill, { amount: bill.amount, paymentId, postingId, payer }),
                  {
                    extraWrites: billWrites,
                  },
                );
                retries += booked.attempts - 1;
              },
            );
          }
        }
      }),
    );
    return { ms: performance.now() - started, conflicts: cancelled - before, retries, lockTimeouts, gaveUp };
  };
  const sharded = { ms: 0, conflicts: 0, retries: 0, lockTimeouts: 0, gaveUp: 0 };
  const single = { ms: 0, conflicts: 0, retries: 0, lockTimeouts: 0, gaveUp: 0 };
  const payRounds = quick() ? 1 : 2;
  for (let r = 0; r < payRounds; r++) {
    for (const [target, shards] of [
      [sharded, 16],
      [single, 0],
    ] as const) {
      const run = await payRound(shards);
      target.ms += run.ms;
      target.conflicts += run.conflicts;
      target.retries += run.retries;
      target.lockTimeouts += run.lockTimeouts;
      target.gaveUp += run.gaveUp;
    }
  }
  const credits = payRounds * payers * billsPerPayer;
  rows.push(
    compared(
      `bill credits, ${payers} concurrent payers (collection account sharded 16 vs unsharded)`,
      (credits / sharded.ms) * 1000,
      (credits / single.ms) * 1000,
      'credits/s',
      `${credits} payments each, ${payRounds} interleaved rounds`,
    ),
    {
      name: 'transaction conflicts, sharded (cancelled TransactWriteItems)',
      value: sharded.conflicts,
      unit: 'conflicts',
      note: `retries ${sharded.retries}`,
    },
    {
      name: 'transaction conflicts, unsharded (cancelled TransactWriteItems)',
      value: single.conflicts,
      unit: 'conflicts',
      note: `retries ${single.retries}`,
    },
    {
      name: 'retries per credit, sharded vs unsharded',
      value: round(sharded.retries / credits, 2),
      unit: 'retries/credit',
      baseline: round(single.retries / credits, 2),
    },
  );
  return rows;
}
