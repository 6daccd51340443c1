import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MAX_BATCH_ITEM_BYTES } from '../../functions/domain/bills/batch.ts';
import { vietnamDay } from '../../functions/domain/bills/reconciliation.ts';
import { parseNewBill } from '../../functions/domain/bills/requests.ts';
import { getBatch, readBatchItems, saveChunk } from '../../functions/store/bills/batches.ts';
import { createBill } from '../../functions/use-cases/bills/create-bill.ts';
import { handler as batchWorker } from '../../functions/workers/bill-batches.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();

/** A city partner as a city portal would register: scope `bills`, client credentials only. */
async function cityPartner(name = 'Sở Giáo dục và Đào tạo Hà Nội') {
  const client = await new Fintech(api.url).register({
    scope: 'bills',
    grant_types: ['client_credentials'],
    client_name: name,
  });
  // Access tokens live 5 minutes; a 5,000-bill batch on a busy machine can take longer.
  let token = '';
  let tokenAt = 0;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    if (Date.now() - tokenAt > 240_000) {
      token = await client.clientToken('bills');
      tokenAt = Date.now();
    }
    return client.call(token, method, path, body, headers);
  };
  return { client, call };
}

/** Vietnam's calendar day `days` from now. */
function vietnamDate(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** A term's tuition bill of one student. */
function tuition(student: number, run: string) {
  return {
    Category: 'tuition',
    Reference: `HK1-${run}-${String(student).padStart(5, '0')}`,
    PayerName: `Học sinh ${student}`,
    Amount: String(1_500_000 + (student % 7) * 50_000),
    DueDate: vietnamDate(30),
    Description: 'Học phí học kỳ I năm học 2026-2027',
  };
}

/** Runs the batch worker, as its schedule does, until the batch is completed. */
async function runWorkerUntilCompleted(
  read: () => Promise<{ json: { Data: { Status: string } } }>,
): Promise<void> {
  for (let run = 0; run < 100; run++) {
    await batchWorker();
    if ((await read()).json.Data.Status === 'Completed') return;
  }
  throw new Error('the batch was not completed after 100 worker runs');
}

/** Posts a batch (it must be accepted), runs the worker until it completes, and reads it. */
async function completedBatch(partner: Awaited<ReturnType<typeof cityPartner>>, bills: unknown[]) {
  const accepted = await partner.call(
    'POST',
    '/v1/bill-batches',
    { Data: { Bills: bills } },
    { 'x-idempotency-key': randomUUID() },
  );
  expect(accepted.status, JSON.stringify(accepted.json)).toBe(202);
  const read = () => partner.call('GET', `/v1/bill-batches/${accepted.json.Data.BatchId}`);
  await runWorkerUntilCompleted(read);
  return (await read()).json.Data;
}

describe('batches of bills (POST /v1/bill-batches, then the batch worker)', () => {
  it('creates 5,000 bills: every item gets a status, bad items are refused with their problem, the rest are real bills', async () => {
    // Prepare: a school's term, with a few bad items among them.
    const partner = await cityPartner();
    const run = randomUUID().slice(0, 8);
    const bills: Record<string, unknown>[] = Array.from({ length: 5000 }, (_, student) =>
      tuition(student, run),
    );
    bills[7] = { ...bills[7], Category: 'parking' };
    bills[1234] = { ...bills[1234], Amount: '1500000.5' };
    bills[2500] = { ...bills[2500], DueDate: vietnamDate(-1) };
    bills[4000] = { ...bills[4000], Reference: 'HK1\u0007bell' };
    bills[4999] = { ...bills[1], Amount: '999000' }; // the same Reference as item 1 with another amount
    bills[3000] = 'not a bill' as unknown as Record<string, unknown>;

    // Act
    const accepted = await partner.call(
      'POST',
      '/v1/bill-batches',
      { Data: { Bills: bills } },
      {
        'x-idempotency-key': randomUUID(),
      },
    );
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(202);
    const batchId = accepted.json.Data.BatchId as string;
    const read = () => partner.call('GET', `/v1/bill-batches/${batchId}`);
    const before = await read();
    await runWorkerUntilCompleted(read);
    const done = await read();

    // Assess
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`${api.url}/v1/bill-batches/${batchId}`);
    expect(accepted.json.Data).toMatchObject({ Status: 'Accepted', ItemCount: 5000 });
    expect(before.json.Data.Items.every((item: { Status: string }) => item.Status === 'Pending')).toBe(true);
    const data = done.json.Data;
    expect(data).toMatchObject({ Status: 'Completed', ItemCount: 5000, CreatedCount: 4994, RefusedCount: 6 });
    expect(data.Items).toHaveLength(5000);
    expect(data.Items.map((item: { Index: number }) => item.Index)).toEqual([...Array(5000).keys()]);
    const refused = Object.fromEntries(
      data.Items.filter((item: { Status: string }) => item.Status === 'Refused').map(
        (item: { Index: number; Errors: Array<{ ErrorCode: string; Path: string }> }) => [
          item.Index,
          item.Errors.map((error) => `${error.ErrorCode} ${error.Path}`),
        ],
      ),
    );
    expect(refused).toEqual({
      7: ['VN.OB.Bills.InvalidCategory Data.Bills[7].Category'],
      1234: ['VN.OB.Bills.InvalidAmount Data.Bills[1234].Amount'],
      2500: ['VN.OB.Bills.InvalidDueDate Data.Bills[2500].DueDate'],
      3000: ['UK.OBIE.Field.Missing Data.Bills[3000]'],
      4000: ['VN.OB.Bills.InvalidReference Data.Bills[4000].Reference'],
      4999: ['VN.OB.Bills.ReferenceConflict Data.Bills[4999].Reference'],
    });
    // Every created item is a real bill of this partner, with the item's details.
    const created = data.Items.filter((item: { Status: string }) => item.Status === 'Created');
    expect(new Set(created.map((item: { BillId: string }) => item.BillId)).size).toBe(4994);
    for (const index of [0, 1, 2499, 4998]) {
      const item = data.Items[index];
      const bill = await partner.call('GET', `/v1/bills/${item.BillId}`);
      expect(bill.status).toBe(200);
      expect(bill.json.Data).toMatchObject({
        Reference: bills[index]!.Reference,
        Amount: bills[index]!.Amount,
      });
    }
  }, 900_000);

  it('refuses a batch of more than 5,000 bills with a 400 naming Data.Bills, and stores nothing', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const partner = await cityPartner();
    const run = randomUUID().slice(0, 8);
    const bills = Array.from({ length: 5001 }, (_, student) => tuition(student, run));

    // Act
    const refused = await partner.call(
      'POST',
      '/v1/bill-batches',
      { Data: { Bills: bills } },
      {
        'x-idempotency-key': randomUUID(),
      },
    );
    await batchWorker();
    const listed = await partner.call('GET', `/v1/bills?from=${vietnamDate(0)}&to=${vietnamDate(0)}`);

    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.Errors).toEqual([
      expect.objectContaining({ ErrorCode: 'VN.OB.Bills.BatchTooLarge', Path: 'Data.Bills' }),
    ]);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.json.Data)).not.toContain(`HK1-${run}-`);
  });

  it(`refuses a batch holding an item over ${MAX_BATCH_ITEM_BYTES} bytes with a 400 naming the item, and stores nothing`, async () => {
    // Prepare: 450 KB in one bill would be more than a DynamoDB item holds.
    const partner = await cityPartner();
    const run = randomUUID().slice(0, 8);
    const bills = [tuition(0, run), { ...tuition(1, run), Description: 'x'.repeat(450_000) }];
    // Act
    const refused = await partner.call(
      'POST',
      '/v1/bill-batches',
      { Data: { Bills: bills } },
      { 'x-idempotency-key': randomUUID() },
    );
    await batchWorker();
    const listed = await partner.call('GET', `/v1/bills?from=${vietnamDate(0)}&to=${vietnamDate(0)}`);
    // Assess
    expect(refused.status).toBe(400);
    expect(refused.json.Errors).toEqual([
      expect.objectContaining({ ErrorCode: 'VN.OB.Bills.InvalidBatch', Path: 'Data.Bills[1]' }),
    ]);
    expect(JSON.stringify(listed.json.Data)).not.toContain(`HK1-${run}-`);
  });

  it('stores any JSON an item holds and refuses it by its problems, keeping the first 1 KB of an item with hundreds', {
    timeout: 120_000,
  }, async () => {
    // Prepare: a number beyond 2^53 (a DynamoDB map refuses it), and 100 items of 200 unknown fields each.
    const partner = await cityPartner();
    const run = randomUUID().slice(0, 8);
    const unknownFields = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`f${i}`, 1]));
    const bills = [
      { ...tuition(0, run), Amount: 2 ** 60 },
      ...Array.from({ length: 100 }, () => unknownFields),
      tuition(101, run),
    ];
    // Act
    const { Items: items, ...counts } = await completedBatch(partner, bills);
    // Assess
    expect(counts).toMatchObject({ Status: 'Completed', CreatedCount: 1, RefusedCount: 101 });
    expect(items[0].Errors).toEqual([
      expect.objectContaining({ ErrorCode: 'VN.OB.Bills.InvalidAmount', Path: 'Data.Bills[0].Amount' }),
    ]);
    for (const item of items.slice(1, 101)) {
      expect(item.Errors.length).toBeGreaterThan(1);
      expect(Buffer.byteLength(JSON.stringify(item.Errors))).toBeLessThanOrEqual(1_024);
    }
    expect(items[1].Errors[0]).toMatchObject({
      ErrorCode: 'UK.OBIE.Field.Unexpected',
      Path: 'Data.Bills[1].f0',
    });
    expect(items[101].Status).toBe('Created');
  });

  it('finishes a batch whose every item names one unknown field of 1,990 characters (each problem quotes it)', {
    timeout: 120_000,
  }, async () => {
    // Prepare: 100 items that fill a chunk, each just under the item limit.
    const partner = await cityPartner();
    const bills = Array.from({ length: 100 }, (_, i) => ({ [`${i}`.padEnd(1_990, 'x')]: 1 }));
    // Act
    const done = await completedBatch(partner, bills);
    // Assess
    expect(done).toMatchObject({ Status: 'Completed', RefusedCount: 100 });
    expect(done.Items[0].Errors[0]).toMatchObject({
      ErrorCode: 'UK.OBIE.Field.Unexpected',
      Path: expect.stringMatching(/^Data\.Bills\[0\]\.0x+…$/),
    });
  });

  it('refuses a later item with a Reference an earlier item has, whether it repeats that item or differs: the first wins, each bill counts once', async () => {
    // Prepare
    const partner = await cityPartner('Trường Tiểu học Kim Đồng');
    const run = randomUUID().slice(0, 8);
    const [first, second, third] = [tuition(1, run), tuition(2, run), tuition(3, run)];
    // The fifth item is refused for its amount: the sixth, valid, with its Reference, is created.
    const bills = [first, first, second, { ...second, Amount: '999000' }, { ...third, Amount: '0' }, third];
    // Act
    const batch = await completedBatch(partner, bills);
    // Assess
    expect(batch.Items.map((item: { Status: string }) => item.Status)).toEqual([
      'Created',
      'Refused',
      'Created',
      'Refused',
      'Refused',
      'Created',
    ]);
    expect(batch.Items[1].Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Bills.ReferenceConflict',
      Path: 'Data.Bills[1].Reference',
      Message: expect.stringContaining('Data.Bills[0]'),
    });
    expect(batch.Items[3].Errors[0].Message).toContain('Data.Bills[2]');
    expect(batch.Items[4].Errors[0].ErrorCode).toBe('VN.OB.Bills.InvalidAmount');
    expect([batch.CreatedCount, batch.RefusedCount]).toEqual([3, 3]);
  });

  it('completes a batch whose run died after saving its items and before saving the counts', async () => {
    // Prepare: what a run does for the first chunk, up to the counts it never saved.
    const partner = await cityPartner('Trường THPT Việt Đức');
    const run = randomUUID().slice(0, 8);
    const accepted = await partner.call(
      'POST',
      '/v1/bill-batches',
      { Data: { Bills: [tuition(1, run), tuition(2, run)] } },
      { 'x-idempotency-key': randomUUID() },
    );
    const batchId = accepted.json.Data.BatchId as string;
    const batch = (await getBatch(batchId))!;
    const [chunk] = await readBatchItems(batchId);
    for (const item of chunk!) {
      const bill = await createBill(
        batch.clientId,
        parseNewBill({ Data: JSON.parse(item.request) }, vietnamDay(new Date())).value!,
        new Date(),
      );
      Object.assign(item, { status: 'Created', billId: bill.billId });
    }
    await saveChunk(batch, 0, chunk!);
    // Act
    await batchWorker();
    const read = await partner.call('GET', `/v1/bill-batches/${batchId}`);
    // Assess
    expect(read.json.Data).toMatchObject({ Status: 'Completed', CreatedCount: 2, RefusedCount: 0 });
  });

  it('keeps a batch to its partner: another partner, or a fintech without `bills`, cannot read it', async () => {
    // Prepare
    const owner = await cityPartner();
    const other = await cityPartner('Bệnh viện Bạch Mai');
    const fintech = await new Fintech(api.url).register({ scope: 'accounts payments' });
    const fintechToken = await fintech.clientToken('accounts');
    const accepted = await owner.call(
      'POST',
      '/v1/bill-batches',
      { Data: { Bills: [tuition(1, randomUUID().slice(0, 8))] } },
      { 'x-idempotency-key': randomUUID() },
    );
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(202);
    const path = `/v1/bill-batches/${accepted.json.Data.BatchId}`;

    // Act
    const byOther = await other.call('GET', path);
    // oauth4webapi surfaces a WWW-Authenticate challenge as an error carrying the response's status.
    const byFintech = await fintech
      .call(fintechToken, 'GET', path)
      .catch((error: { status: number; cause: { parameters: Record<string, string> }[] }) => error);
    const byOwner = await owner.call('GET', path);

    // Assess
    expect(byOther.status).toBe(404);
    expect(byFintech.status).toBe(403);
    expect((byFintech as { cause: { parameters: Record<string, string> }[] }).cause[0]!.parameters).toEqual({
      error: 'insufficient_scope',
      scope: 'bills',
    });
    expect(byOwner.status).toBe(200);
  });
});
