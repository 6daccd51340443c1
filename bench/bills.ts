/**
 * Bills benchmark (issue 13), on the shared engine bench/run.ts starts:
 * - bills created per second through the create-bill use case (partner read + one
 *   TransactWriteItems of the bill and its reference item) against a bare TransactWriteItems of
 *   the same two items, interleaved round by round in the same run;
 * - 50 concurrent payers each paying their own bill of one city (the bill matched inside the
 *   payment's ledger transaction, as /sandbox/qr-payments does after signing in): credits per
 *   second with the collection account sharded 16 ways against one unsharded account, with the
 *   transaction conflicts and the retries each needed.
 */
import { randomUUID } from 'node:crypto';
import { type BenchRow, compared, quick, round } from './report.ts';

export async function benchBills(): Promise<BenchRow[]> {
  const { dynamo, documents, mainTableName } = await import('../functions/store/client.ts');
  const { keys } = await import('../functions/store/keys.ts');
  const { TransactWriteCommand } = await import('@aws-sdk/lib-dynamodb');
  const { createBill } = await import('../functions/use-cases/bills/create-bill.ts');
  const { openCollectionAccount } = await import('../functions/use-cases/bills/open-collection-account.ts');
  const { bookBillPayment } = await import('../functions/use-cases/bills/book-bill-payment.ts');
  const { billPaymentTransfer } = await import('../functions/domain/bills/postings.ts');
  const { bookingDayOf } = await import('../functions/domain/ledger/booking-day.ts');
  const { bankAccounts } = await import('../functions/domain/ledger/accounts.ts');
  const { ensureBankAccounts, openAccount } = await import('../functions/store/ledger/accounts.ts');
  const { postTransfer } = await import('../functions/store/ledger/transfer.ts');

  const rounds = quick() ? 2 : 5;
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

  // 1. Bills created per second, against the bare write of the same two items.
  const city = `bench-city-${randomUUID()}`;
  await openCollectionAccount({ clientId: city, name: 'Sở Giáo dục' });
  let ours = 0;
  let bare = 0;
  for (let r = 0; r < rounds; r++) {
    let started = performance.now();
    await inParallel(perRound, (i) => createBill(city, request(i)));
    ours += performance.now() - started;
    started = performance.now();
    await inParallel(perRound, async (i) => {
      const billId = `bill_BENCH${randomUUID().replaceAll('-', '').slice(0, 15).toUpperCase()}`;
      const item = { ...request(i), billId, clientId: city, status: 'Unpaid', version: 0 };
      await documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: mainTableName(),
                Item: {
                  ...keys.bill(billId),
                  ...keys.billsOfClient(city, new Date().toISOString(), billId),
                  ...item,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: mainTableName(),
                Item: { ...keys.billReference(city, item.reference), billId },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
    });
    bare += performance.now() - started;
  }
  const created = rounds * perRound;
  const rows: BenchRow[] = [
    compared(
      'bills created (create-bill use case vs bare TransactWriteItems of bill + reference)',
      (created / ours) * 1000,
      (created / bare) * 1000,
      'bills/s',
      `${created} each, ${concurrency} at a time, ${rounds} interleaved rounds; ours adds the partner read`,
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
