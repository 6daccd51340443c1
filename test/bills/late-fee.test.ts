import { describe, expect, it } from 'vitest';
import { amountDueAt, type Bill } from '../../functions/domain/bills/bill.ts';
import { amountDueOn, lateFeeOn } from '../../functions/domain/bills/late-fee.ts';
import { billQrInput } from '../../functions/domain/bills/qr.ts';
import { MAX_VND } from '../../functions/domain/money.ts';
import { decodeVietQr } from '../../functions/domain/vietqr/decode.ts';
import { encodeVietQr } from '../../functions/domain/vietqr/encode.ts';
import { cancelBill } from '../../functions/use-cases/bills/cancel-bill.ts';
import { createBill } from '../../functions/use-cases/bills/create-bill.ts';
import { payScannedCode } from '../../functions/use-cases/sandbox/pay-scanned-code.ts';
import { createCustomer, TEST_PASSWORD } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { balanceOf } from '../payments/fixtures.ts';
import { CityPartner } from './city.ts';

const fine = { amount: 2_000_000, dueDate: '2026-03-10', latePaymentRule: 'FineDailyInterest' as const };

describe('late fee at the day boundaries of Vietnam time (UTC+7)', () => {
  it('accrues nothing through the last instant of the due date in Vietnam, 0.05 % from its first instant after', () => {
    // 2026-03-10 ends in Vietnam at 2026-03-10T17:00:00Z.
    expect(amountDueAt(fine, new Date('2026-03-10T16:59:59.999Z'))).toBe(2_000_000);
    expect(amountDueAt(fine, new Date('2026-03-10T17:00:00.000Z'))).toBe(2_001_000);
    expect(amountDueAt(fine, new Date('2026-03-11T16:59:59.999Z'))).toBe(2_001_000);
    expect(amountDueAt(fine, new Date('2026-03-11T17:00:00.000Z'))).toBe(2_002_000);
    // UTC midnight is 07:00 in Vietnam: no boundary there.
    expect(amountDueAt(fine, new Date('2026-03-10T23:59:59.999Z'))).toBe(
      amountDueAt(fine, new Date('2026-03-11T00:00:00Z')),
    );
  });

  it('rounds down to whole dong, stays exact for 13-digit fines, and never exceeds what the wire carries', () => {
    expect(lateFeeOn({ ...fine, amount: 1_999 }, '2026-03-11')).toBe(0);
    expect(lateFeeOn({ ...fine, amount: 2_001 }, '2026-03-11')).toBe(1);
    expect(lateFeeOn({ ...fine, amount: 1_234_567_890_123 }, '2026-04-09')).toBe(18_518_518_351);
    expect(amountDueOn({ ...fine, amount: MAX_VND }, '2030-01-01')).toBe(MAX_VND);
  });

  it('applies only to bills carrying the rule', () => {
    expect(amountDueOn({ amount: 2_000_000, dueDate: '2026-03-10' }, '2026-04-10')).toBe(2_000_000);
  });
});

describe('a late fine paid through the real store, either side of Vietnam midnight', () => {
  const api = useGateway();

  it("pays yesterday's amount until 23:59:59.999 Vietnam time and refuses it from 00:00, nothing debited", async () => {
    // Prepare: a fine issued on 2026-03-01 (Vietnam), due 2026-03-10.
    const city = await CityPartner.register(api.url, 'Công an TP Hà Nội');
    const payer = await createCustomer([5_000_000]);
    const issuedAt = new Date('2026-03-01T03:00:00Z');
    const request = {
      category: 'traffic-fine' as const,
      reference: `BB-${Date.now()}`,
      payerName: 'Lê Văn Bình',
      amount: 2_000_000,
      dueDate: '2026-03-10',
      payableUntil: '2029-12-31', // beyond any sweep of the shared table by other files
      description: 'Phạt vi phạm giao thông',
      latePaymentRule: 'FineDailyInterest' as const,
    };
    const bill: Bill = await createBill(city.clientId, request, issuedAt);
    const lastInstant = new Date('2026-03-11T16:59:59.999Z');
    const codeOfDay = encodeVietQr(billQrInput(bill, amountDueAt(bill, lastInstant)));
    if (!codeOfDay.ok) throw new Error('code not encoded');
    const pay = (now: Date) =>
      payScannedCode(
        {
          payload: codeOfDay.payload,
          username: payer.username,
          password: TEST_PASSWORD,
          accountId: payer.accounts[0]!.accountId,
          sourceIp: '127.0.0.1',
        },
        () => [],
        now,
      );
    // Act
    const refused = await pay(new Date('2026-03-11T17:00:00.000Z')).catch((error: { code: string }) => error);
    const balanceAfterRefusal = await balanceOf(payer.accounts[0]!.accountId);
    const paid = await pay(lastInstant);
    // Assess
    expect(decodeVietQr(codeOfDay.payload).fields.amount).toBe('2001000');
    expect((refused as { code: string }).code).toBe('VN.OB.Bills.Underpaid');
    expect(balanceAfterRefusal).toBe(5_000_000);
    expect(paid.bill?.bill.settlement).toMatchObject({ due: 2_001_000, amount: 2_001_000 });
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(2_999_000);
  });

  it('stops the late fee when the fine is cancelled: months later it shows what it owed that day', async () => {
    // Prepare: a fine due 2026-03-10, cancelled on 2026-03-20 (Vietnam), read today.
    const city = await CityPartner.register(api.url, 'Công an TP Đà Nẵng');
    const bill = await createBill(
      city.clientId,
      {
        category: 'traffic-fine',
        reference: `BB-${Date.now()}`,
        payerName: 'Phạm Thị Hoa',
        amount: 2_000_000,
        dueDate: '2026-03-10',
        description: 'Phạt vi phạm giao thông',
        latePaymentRule: 'FineDailyInterest',
        // Far beyond any sweep of the shared table by other files: only this test ends the bill.
        payableUntil: '2029-12-31',
      },
      new Date('2026-03-01T03:00:00Z'),
    );
    const cancelledAt = new Date('2026-03-20T05:00:00Z');
    await cancelBill(city.clientId, bill.billId, cancelledAt);
    // Act
    const read = await city.get(bill.billId);
    // Assess
    expect(read.json.Data.Status).toBe('Cancelled');
    expect(read.json.Data.AmountDue).toBe(String(amountDueAt(bill, cancelledAt)));
    expect(read.json.Data.LateFee).toBe('10000');
  });
});
