import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeVietQr } from '../../functions/domain/vietqr/decode.ts';
import { listEvents } from '../../functions/store/events.ts';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { useGateway } from '../helpers/gateway.ts';
import { billBody, CityPartner, vietnamDay } from './city.ts';

const api = useGateway();
let city: CityPartner;

beforeAll(async () => {
  city = await CityPartner.register(api.url);
});

describe('a city partner registered in sandbox', () => {
  it('has a collection account, opened with its first bill and named after the client', async () => {
    // Prepare
    const partner = await CityPartner.register(api.url, 'Sở Y tế Đà Nẵng');
    // Act
    const bill = await partner.issue();
    const account = await getAccount(`collection-${partner.clientId}`);
    // Assess
    expect(account).toMatchObject({
      ownerKind: 'client',
      ownerId: partner.clientId,
      status: 'Enabled',
      bankBin: '970415',
    });
    expect(account!.accountNumber).toMatch(/^88\d{12}$/);
    expect(bill.CollectionAccount).toEqual({
      SchemeName: 'VN.AccountNumber',
      Identification: account!.accountNumber,
      Name: account!.name,
    });
    expect(account!.name).toBe('SỞ Y TẾ ĐÀ NẴNG');
  });
});

describe('POST /v1/bills', () => {
  it('issues an Unpaid bill with a dynamic VietQR: collection account in 38, bill number in 62/01, purpose in 62/08', async () => {
    // Act
    const created = await city.create(
      billBody({ Amount: '2750000', PayerId: { SchemeName: 'VN.StudentId', Identification: 'HS-2026-118' } }),
    );
    // Assess
    expect(created.status).toBe(201);
    const bill = created.json.Data;
    expect(created.headers.get('location')).toBe(`${api.url}/v1/bills/${bill.BillId}`);
    expect(bill).toMatchObject({
      Status: 'Unpaid',
      Amount: '2750000',
      AmountDue: '2750000',
      LateFee: '0',
      Currency: 'VND',
    });
    expect(bill.PayableUntil).toBe(bill.DueDate);
    const account = await getAccount(`collection-${city.clientId}`);
    const decoded = decodeVietQr(bill.Qr.Payload);
    expect(decoded.valid).toBe(true);
    expect(decoded.fields).toMatchObject({
      pointOfInitiation: '12',
      bankBin: '970415',
      accountNumber: account!.accountNumber,
      service: 'QRIBFTTA',
      amount: '2750000',
      billNumber: bill.BillId,
      purpose: 'Hoc phi hoc ky I nam hoc',
    });
    expect(Buffer.from(bill.Qr.Png, 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(bill.Qr.Svg).toContain('<svg');
  });

  it('is unique on the partner Reference: same body answers the same bill, another body is a 400 and stores nothing', async () => {
    // Prepare
    const body = billBody();
    const first = await city.create(body);
    // Act
    const again = await city.create(body, randomUUID());
    const other = await city.create(
      billBody({ Reference: body.Data.Reference, Amount: '999' }),
      randomUUID(),
    );
    const list = await city.list(`?from=${vietnamDay(0)}&pageSize=100`);
    // Assess
    expect(again.status).toBe(201);
    expect(again.json.Data.BillId).toBe(first.json.Data.BillId);
    expect(other.status).toBe(400);
    expect(other.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Bills.ReferenceConflict',
      Path: 'Data.Reference',
    });
    expect(
      list.json.Data.Bill.filter((b: { Reference: string }) => b.Reference === body.Data.Reference),
    ).toHaveLength(1);
  });

  it('is idempotent on x-idempotency-key', async () => {
    // Prepare
    const key = randomUUID();
    const body = billBody();
    // Act
    const [a, b] = [await city.create(body, key), await city.create(body, key)];
    const mismatch = await city.create(billBody(), key);
    // Assess
    expect(b.json.Data.BillId).toBe(a.json.Data.BillId);
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.Errors[0].ErrorCode).toBe('VN.OB.Idempotency.Mismatch');
  });
});

describe('GET /v1/bills', () => {
  it('filters by status and category and pages with Links.Next', async () => {
    // Prepare
    const partner = await CityPartner.register(api.url, 'Công ty Nước sạch');
    const water = [];
    for (let i = 0; i < 3; i++) water.push(await partner.issue({ Category: 'water' }));
    const power = await partner.issue({ Category: 'electricity' });
    await partner.cancel(water[0].BillId);
    // Act
    const unpaidWater = await partner.list('?status=Unpaid&category=water');
    const cancelled = await partner.list('?status=Cancelled');
    const firstPage = await partner.list('?pageSize=2');
    const next = new URL(firstPage.json.Links.Next);
    const secondPage = await partner.list(next.search);
    // Assess
    expect(unpaidWater.json.Data.Bill.map((b: { BillId: string }) => b.BillId).sort()).toEqual(
      [water[1].BillId, water[2].BillId].sort(),
    );
    expect(cancelled.json.Data.Bill.map((b: { BillId: string }) => b.BillId)).toEqual([water[0].BillId]);
    const paged = [...firstPage.json.Data.Bill, ...secondPage.json.Data.Bill].map(
      (b: { BillId: string }) => b.BillId,
    );
    expect(paged).toEqual([...water.map((b) => b.BillId), power.BillId]);
    expect(firstPage.json.Data.Bill[0].Qr).toBeUndefined();
  });

  it('refuses a Links.Next cursor sent with from or to days that leave it out, and follows it with days that keep it', async () => {
    // Prepare
    const partner = await CityPartner.register(api.url, 'Trường THCS Nguyễn Du');
    for (let i = 0; i < 2; i++) await partner.issue();
    const firstPage = await partner.list('?pageSize=1');
    const page = new URL(firstPage.json.Links.Next).searchParams.get('page')!;
    // Act
    const fromTomorrow = await partner.list(`?from=${vietnamDay(1)}&page=${page}`);
    const untilYesterday = await partner.list(`?to=${vietnamDay(-1)}&page=${page}`);
    const today = await partner.list(`?from=${vietnamDay(0)}&to=${vietnamDay(0)}&page=${page}`);
    // Assess
    for (const refused of [fromTomorrow, untilYesterday]) {
      expect(refused.status).toBe(400);
      expect(refused.json.Errors).toEqual([
        expect.objectContaining({ ErrorCode: 'VN.OB.Paging.StaleCursor', Path: 'page' }),
      ]);
    }
    expect(today.status).toBe(200);
    expect(today.json.Data.Bill).toHaveLength(1);
  });

  it('refuses a malformed filter with a 400 naming it', async () => {
    const bad = await city.list('?status=Open&from=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.json.Errors.map((e: { Path: string }) => e.Path)).toEqual(['status', 'from']);
  });
});

describe('POST /v1/bills/{BillId}/cancel', () => {
  it('cancels an unpaid bill once, with one bill.cancelled event', async () => {
    // Prepare
    const bill = await city.issue();
    // Act
    const cancelled = await city.cancel(bill.BillId);
    const twice = await city.cancel(bill.BillId);
    const read = await city.get(bill.BillId);
    // Assess
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.Data.Status).toBe('Cancelled');
    expect(twice.json.Data.Status).toBe('Cancelled');
    expect(read.json.Data.Status).toBe('Cancelled');
    expect(read.json.Data.Qr).toBeUndefined();
    const { events } = await listEvents(city.clientId, { limit: 100, settleMs: 0 });
    expect(
      events.filter((e) => e.eventType === 'bill.cancelled' && e.data.BillId === bill.BillId),
    ).toHaveLength(1);
  });
});
