import { describe, expect, it } from 'vitest';
import { endOfVietnamDay } from '../../functions/domain/bills/bill.ts';
import { getBill } from '../../functions/store/bills/bills.ts';
import { listEvents } from '../../functions/store/events.ts';
import { sweepBills } from '../../functions/use-cases/bills/sweep-bills.ts';
import { payScannedCode } from '../../functions/use-cases/sandbox/pay-scanned-code.ts';
import { createCustomer, TEST_PASSWORD } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { balanceOf } from '../payments/fixtures.ts';
import { CityPartner, vietnamDay } from './city.ts';

const api = useGateway();

describe('expiry after PayableUntil', () => {
  it('an unpaid bill past its last payable day is Expired on read, refused before money moves, and stored Expired by the worker with one bill.expired', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const city = await CityPartner.register(api.url, 'Điện lực Hà Nội');
    // Payable until today, swept just after: the other files' bills (same table) are payable
    // later, so the sweep expires this one and leaves theirs alone.
    const bill = await city.issue({ Category: 'electricity', Amount: '420000', DueDate: vietnamDay(0) });
    const paid = await city.issue({ Category: 'electricity', Amount: '100000' });
    const payer = await createCustomer([1_000_000]);
    const credentials = {
      username: payer.username,
      password: TEST_PASSWORD,
      accountId: payer.accounts[0]!.accountId,
      sourceIp: '127.0.0.1',
    };
    await payScannedCode({ payload: paid.Qr.Payload, ...credentials }, () => []);
    const after = endOfVietnamDay(bill.PayableUntil);
    const lastInstant = new Date(after.getTime() - 1);
    // Act (the sweeper works the whole shared table, so only this test's bills are asserted on)
    await sweepBills({ now: lastInstant });
    const onTime = await getBill(bill.BillId);
    const refused = await payScannedCode({ payload: bill.Qr.Payload, ...credentials }, () => [], after).catch(
      (error: { code: string }) => error,
    );
    const swept = await sweepBills({ now: after });
    await sweepBills({ now: after });
    // Assess
    expect(onTime?.status).toBe('Unpaid');
    expect((refused as { code: string }).code).toBe('VN.OB.Bills.NotPayable');
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(900_000);
    expect(swept.expired).toBeGreaterThanOrEqual(1);
    expect(await getBill(bill.BillId)).toMatchObject({
      status: 'Expired',
      statusUpdatedAt: after.toISOString(),
    });
    expect((await getBill(paid.BillId))?.status).toBe('Paid');
    const { events } = await listEvents(city.clientId, {
      limit: 100,
      settleMs: 0,
      now: new Date(Date.now() + 86_400_000 * 400),
    });
    expect(
      events.filter((e) => e.eventType === 'bill.expired' && e.data.BillId === bill.BillId),
    ).toHaveLength(1);
    expect(
      events.filter((e) => e.eventType === 'bill.expired' && e.data.BillId === paid.BillId),
    ).toHaveLength(0);
  });
});
