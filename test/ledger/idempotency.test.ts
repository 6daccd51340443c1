import { describe, expect, it } from 'vitest';
import {
  IdempotencyInProgressError,
  IdempotencyMismatchError,
  LEASE_MS,
  RETENTION_SECONDS,
  requestFingerprint,
} from '#domain/idempotency.ts';
import {
  abandonIdempotent,
  beginIdempotent,
  completeIdempotent,
  completionWrite,
  type IdempotentExecution,
} from '#store/idempotency.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import { errorAnswer } from '../../functions/http/error-response.ts';
import { failed, fund, ledgerHistory, openFundingAccount, openTestAccount, testId } from './fixtures.ts';
import { pay } from './pay.ts';

async function payerAndPayee(opening = 1_000_000) {
  const funding = await openFundingAccount();
  const payer = testId('payer');
  const payee = testId('payee');
  await openTestAccount(payer);
  await openTestAccount(payee);
  await fund(funding, payer, opening);
  return { clientId: testId('client'), key: testId('key'), debitAccountId: payer, creditAccountId: payee };
}

const fingerprint = requestFingerprint({ method: 'POST', path: '/v1/things', body: { Data: { Name: 'a' } } });

describe('idempotent payments', () => {
  it('pays once when the same key is sent 20 times at once; the others replay or are told it is in progress', async () => {
    // Prepare
    const request = { ...(await payerAndPayee()), amount: 25_000 };
    // Act
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => pay(request)));
    // Assess
    const answered = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(answered.filter((a) => !a.replayed)).toHaveLength(1);
    for (const reason of refused) expect(reason).toBeInstanceOf(IdempotencyInProgressError);
    for (const answer of answered) expect(answer).toMatchObject({ status: 201, body: answered[0]!.body });
    expect(await ledgerHistory(request.creditAccountId)).toHaveLength(1);
    expect((await getAccount(request.debitAccountId))!.balance).toBe(975_000);
    const retry = await pay(request);
    expect(retry).toEqual({ ...answered.find((a) => !a.replayed)!, replayed: true });
  });

  it('replays instead of paying again when the process died after the ledger write', async () => {
    // Prepare
    const request = { ...(await payerAndPayee()), amount: 40_000 };
    const crash = await pay(request, { crash: 'after-write' }).catch(failed);
    expect(crash).toMatchObject({ message: 'simulated crash after the ledger write' });
    // Act
    const retry = await pay(request);
    // Assess
    expect(retry).toMatchObject({ status: 201, replayed: true, body: { Data: { Amount: '40000' } } });
    expect(await ledgerHistory(request.creditAccountId)).toHaveLength(1);
    expect((await getAccount(request.debitAccountId))!.balance).toBe(960_000);
  });

  it('answers 409 while a crashed execution holds the lease, and pays once after it expires', async () => {
    // Prepare
    const request = { ...(await payerAndPayee()), amount: 70_000 };
    const crash = await pay(request, { crash: 'after-begin' }).catch(failed);
    expect(crash).toMatchObject({ message: 'simulated crash before the ledger write' });
    // Act
    const during = await pay(request).catch(failed);
    const after = await pay(request, { idempotency: { now: () => Date.now() + LEASE_MS + 1_000 } });
    const again = await pay(request);
    // Assess
    expect(during).toBeInstanceOf(IdempotencyInProgressError);
    expect(errorAnswer(during, 'test').headers['Retry-After']).toMatch(/^[1-9]\d*$/);
    expect(after).toMatchObject({ status: 201, replayed: false });
    expect(again).toMatchObject({ status: 201, replayed: true, body: after.body });
    expect(await ledgerHistory(request.creditAccountId)).toHaveLength(1);
  });

  it('cancels the whole payment of a stalled execution whose lease was taken over', async () => {
    // Prepare: A claims the key with a lease that has already run out; B takes over and pays.
    const request = { ...(await payerAndPayee()), amount: 10_000 };
    const stalled = await beginIdempotent(request.clientId, request.key, fingerprint, { leaseMs: -1 });
    const takeover = await beginIdempotent(request.clientId, request.key, fingerprint);
    expect(takeover).toMatchObject({ kind: 'execute', takeover: true });
    await completeIdempotent(takeover as IdempotentExecution, { status: 201, body: { Data: { By: 'B' } } });
    // Act: A wakes up and tries to complete.
    const late = await completeIdempotent(stalled as IdempotentExecution, { status: 201, body: {} }).catch(
      failed,
    );
    const replay = await beginIdempotent(request.clientId, request.key, fingerprint);
    // Assess
    expect(late).toBeInstanceOf(IdempotencyInProgressError);
    expect(replay).toEqual({ kind: 'replay', status: 201, headers: {}, body: { Data: { By: 'B' } } });
  });

  it('cancels the ledger write of a stalled execution after another took its lease over', async () => {
    // Prepare: A claims the key, stalls past its lease; B takes over and pays.
    const request = await payerAndPayee();
    const stalled = (await beginIdempotent(request.clientId, request.key, fingerprint, {
      leaseMs: -1,
    })) as IdempotentExecution;
    const takeover = (await beginIdempotent(
      request.clientId,
      request.key,
      fingerprint,
    )) as IdempotentExecution;
    const transfer = (by: string) => ({
      kind: 'domestic-payment',
      amount: 10_000,
      debit: { accountId: request.debitAccountId, description: `Chuyen tien ${by}` },
      credit: { accountId: request.creditAccountId, description: `Nhan tien ${by}` },
    });
    await postTransfer(transfer('B'), {
      extraWrites: [completionWrite(takeover, { status: 201, body: { By: 'B' } })],
    });
    // Act: A wakes up and books its own payment with its completion.
    const late = await postTransfer(transfer('A'), {
      extraWrites: [completionWrite(stalled, { status: 201, body: { By: 'A' } })],
    }).catch(failed);
    // Assess
    expect(late).toBeInstanceOf(IdempotencyInProgressError);
    expect(await ledgerHistory(request.creditAccountId)).toEqual([
      expect.objectContaining({ description: 'Nhan tien B' }),
    ]);
    expect((await getAccount(request.debitAccountId))!.balance).toBe(990_000);
  });

  it('pays once when two retries race for the lease a crashed execution left', async () => {
    // Prepare
    const request = { ...(await payerAndPayee()), amount: 10_000 };
    const crash = await pay(request, { crash: 'after-begin', idempotency: { leaseMs: -1 } }).catch(failed);
    expect(crash).toBeInstanceOf(Error);
    // Act
    const results = await Promise.allSettled([pay(request), pay(request)]);
    // Assess
    const answers = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect(await ledgerHistory(request.creditAccountId)).toHaveLength(1);
  });

  it('refuses the same key with another request as a 400 mismatch', async () => {
    // Prepare
    const request = { ...(await payerAndPayee()), amount: 5_000 };
    await pay(request);
    // Act
    const other = await pay({ ...request, amount: 5_001 }).catch(failed);
    // Assess
    expect(other).toBeInstanceOf(IdempotencyMismatchError);
    expect(other).toMatchObject({ kind: 'invalid', code: 'VN.OB.Idempotency.Mismatch' });
    expect(await ledgerHistory(request.creditAccountId)).toHaveLength(1);
  });

  it('stores a funds refusal and replays it, even once funds arrive', async () => {
    // Prepare
    const request = { ...(await payerAndPayee(1_000)), amount: 5_000 };
    const refused = await pay(request);
    await fund(await openFundingAccount(), request.debitAccountId, 10_000);
    // Act
    const retry = await pay(request);
    // Assess
    expect(refused).toMatchObject({ status: 422, replayed: false, body: { Data: { Status: 'Rejected' } } });
    expect(retry).toMatchObject({ status: 422, replayed: true, body: refused.body });
    expect(await ledgerHistory(request.creditAccountId)).toEqual([]);
  });

  it('frees an abandoned key so the corrected request can run under it', async () => {
    // Prepare
    const clientId = testId('client');
    const key = testId('key');
    const first = (await beginIdempotent(clientId, key, fingerprint)) as IdempotentExecution;
    // Act
    await abandonIdempotent(first);
    const second = await beginIdempotent(clientId, key, 'another-fingerprint');
    // Assess
    expect(second).toMatchObject({ kind: 'execute', takeover: false });
  });

  it('forgets a key once its 24 h retention has passed', async () => {
    // Prepare
    const clientId = testId('client');
    const key = testId('key');
    const first = (await beginIdempotent(clientId, key, fingerprint)) as IdempotentExecution;
    await completeIdempotent(first, { status: 201, headers: { location: '/v1/things/1' }, body: { a: 1 } });
    // Act
    const within = await beginIdempotent(clientId, key, fingerprint, {
      now: () => Date.now() + (RETENTION_SECONDS - 60) * 1000,
    });
    const after = await beginIdempotent(clientId, key, 'new-request', {
      now: () => Date.now() + (RETENTION_SECONDS + 60) * 1000,
    });
    // Assess
    expect(within).toEqual({
      kind: 'replay',
      status: 201,
      headers: { location: '/v1/things/1' },
      body: { a: 1 },
    });
    expect(after).toMatchObject({ kind: 'execute', takeover: false });
  });

  it('scopes keys per client', async () => {
    // Prepare
    const key = testId('key');
    await beginIdempotent(testId('client-a'), key, fingerprint);
    // Act
    const other = await beginIdempotent(testId('client-b'), key, 'different');
    // Assess
    expect(other.kind).toBe('execute');
  });
});
