import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_REFERENCE } from '../../functions/domain/bills/requests.ts';
import { getBillByReference } from '../../functions/store/bills/bills.ts';
import { refundBill } from '../../functions/use-cases/bills/refund-bill.ts';
import { createCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { balanceOf } from '../payments/fixtures.ts';
import { billBody, CityPartner, payByQr, vietnamDay } from './city.ts';

const api = useGateway();
let city: CityPartner;

beforeAll(async () => {
  city = await CityPartner.register(api.url, 'Sở Tư pháp');
});

const cases: [string, Record<string, unknown>, string, string][] = [
  ['an unknown category', { Category: 'parking' }, 'VN.OB.Bills.InvalidCategory', 'Data.Category'],
  ['a zero amount', { Amount: '0' }, 'VN.OB.Bills.InvalidAmount', 'Data.Amount'],
  ['a negative amount', { Amount: '-5000' }, 'VN.OB.Bills.InvalidAmount', 'Data.Amount'],
  ['a fractional amount', { Amount: '1500.50' }, 'VN.OB.Bills.InvalidAmount', 'Data.Amount'],
  ['an amount of 14 digits', { Amount: '12345678901234' }, 'VN.OB.Bills.InvalidAmount', 'Data.Amount'],
  ['an amount as a number', { Amount: 150000 }, 'VN.OB.Bills.InvalidAmount', 'Data.Amount'],
  ['a due date in the past', { DueDate: vietnamDay(-1) }, 'VN.OB.Bills.InvalidDueDate', 'Data.DueDate'],
  ['a due date not in the calendar', { DueDate: '2027-02-29' }, 'VN.OB.Bills.InvalidDueDate', 'Data.DueDate'],
  [
    'PayableUntil before DueDate',
    { DueDate: vietnamDay(10), PayableUntil: vietnamDay(9) },
    'VN.OB.Bills.InvalidPayableUntil',
    'Data.PayableUntil',
  ],
  [
    'a reference over its limit',
    { Reference: 'R'.repeat(MAX_REFERENCE + 1) },
    'VN.OB.Bills.InvalidReference',
    'Data.Reference',
  ],
  [
    'a reference with a control character',
    { Reference: 'HS-01\u0000' },
    'VN.OB.Bills.InvalidReference',
    'Data.Reference',
  ],
  [
    'a reference with a line break',
    { Reference: 'HS-01\nHS-02' },
    'VN.OB.Bills.InvalidReference',
    'Data.Reference',
  ],
  [
    'a reference of the form of a BillId',
    { Reference: 'bill_AAAAAAAAAAAAAAAAAAAA' },
    'VN.OB.Bills.InvalidReference',
    'Data.Reference',
  ],
  [
    'a reference with a zero-width space',
    { Reference: 'HS-\u200b01' },
    'VN.OB.Bills.InvalidReference',
    'Data.Reference',
  ],
  [
    'a reference with a direction override',
    { Reference: 'HS-\u202e01' },
    'VN.OB.Bills.InvalidReference',
    'Data.Reference',
  ],
  ['a payer name of a dot', { PayerName: '.' }, 'VN.OB.Bills.InvalidPayerName', 'Data.PayerName'],
  ['a payer name of digits', { PayerName: '12345' }, 'VN.OB.Bills.InvalidPayerName', 'Data.PayerName'],
  [
    'a payer name starting with a lone combining mark',
    { PayerName: '\u0301An' },
    'VN.OB.Bills.InvalidPayerName',
    'Data.PayerName',
  ],
  [
    'a fine with the late-payment rule too large for its fee to fit',
    { Category: 'traffic-fine', Amount: '9999999999999', LatePaymentRule: 'FineDailyInterest' },
    'VN.OB.Bills.InvalidAmount',
    'Data.Amount',
  ],
  [
    'a late-payment rule on tuition',
    { LatePaymentRule: 'FineDailyInterest' },
    'VN.OB.Bills.InvalidLatePaymentRule',
    'Data.LatePaymentRule',
  ],
  [
    'a malformed CCCD',
    { PayerId: { SchemeName: 'VN.CCCD', Identification: '12345' } },
    'VN.OB.Bills.InvalidPayerId',
    'Data.PayerId.Identification',
  ],
];

describe('POST /v1/bills refuses bad input with a 400 naming the field, and stores nothing', () => {
  it.each(cases)('%s', async (_name, data, code, path) => {
    // Prepare
    const body = billBody(data);
    const reference = String(body.Data.Reference);
    // Act
    const answer = await city.create(body);
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.Errors).toContainEqual(expect.objectContaining({ ErrorCode: code, Path: path }));
    expect(await getBillByReference(city.clientId, reference)).toBeUndefined();
  });

  it.each(['0x2', '1e0', '%202', '2.0', '0', '101'])('a pageSize of %s on the list', async (pageSize) => {
    const listed = await city.list(`?pageSize=${pageSize}`);
    expect(listed.status).toBe(400);
    expect(listed.json.Errors[0]).toMatchObject({ ErrorCode: 'UK.OBIE.Field.Invalid', Path: 'pageSize' });
  });

  it('a duplicate partner reference with a different body', async () => {
    // Prepare
    const first = await city.issue();
    // Act
    const answer = await city.create(billBody({ Reference: first.Reference, PayerName: 'Người khác' }));
    // Assess
    expect(answer.status).toBe(400);
    expect(answer.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Bills.ReferenceConflict',
      Path: 'Data.Reference',
    });
    expect((await city.get(first.BillId)).json.Data.PayerName).toBe(first.PayerName);
  });

  it('the same bill again after it was cancelled: a 400 saying to issue it under a new Reference', async () => {
    // Prepare
    const body = billBody();
    const first = await city.create(body);
    await city.cancel(first.json.Data.BillId);
    // Act
    const again = await city.create(body);
    // Assess
    expect(again.status).toBe(400);
    expect(again.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Bills.ReferenceConflict',
      Path: 'Data.Reference',
      Message: expect.stringContaining('Cancelled'),
    });
  });
});

describe('refunds refuse bad input and move nothing', () => {
  it('a refund above what was paid, then above what is left', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '300000' });
    const payer = await createCustomer([1_000_000]);
    await payByQr(api.url, {
      Payload: bill.Qr.Payload,
      Username: payer.username,
      AccountId: payer.accounts[0]!.accountId,
    });
    // Act
    const tooMuch = await city.refund(bill.BillId, {
      RefundId: 'RF-1',
      Amount: '300001',
      Reason: 'Nộp thừa',
    });
    const part = await city.refund(bill.BillId, { RefundId: 'RF-2', Amount: '200000', Reason: 'Giảm phí' });
    const rest = await city.refund(bill.BillId, { RefundId: 'RF-3', Amount: '100001', Reason: 'Giảm phí' });
    // Assess
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Bills.RefundExceedsPaid',
      Path: 'Data.Amount',
    });
    expect(part.status).toBe(201);
    expect(rest.status).toBe(400);
    expect(rest.json.Errors[0].ErrorCode).toBe('VN.OB.Bills.RefundExceedsPaid');
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(900_000);
  });

  it('a refund after 90 days', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '300000' });
    const payer = await createCustomer([1_000_000]);
    await payByQr(api.url, {
      Payload: bill.Qr.Payload,
      Username: payer.username,
      AccountId: payer.accounts[0]!.accountId,
    });
    const paidAt = Date.parse((await city.get(bill.BillId)).json.Data.Payment.PaidDateTime);
    // Act
    const late = await refundBill(
      city.clientId,
      bill.BillId,
      { refundId: 'RF-LATE', amount: 1000, reason: 'Muộn' },
      new Date(paidAt + 90 * 86_400_000 + 1),
    ).catch((error: { code: string; path: string }) => error);
    const inTime = await refundBill(
      city.clientId,
      bill.BillId,
      { refundId: 'RF-IN-TIME', amount: 1000, reason: 'Kịp' },
      new Date(paidAt + 90 * 86_400_000),
    );
    // Assess
    expect(late).toMatchObject({ code: 'VN.OB.Bills.RefundWindowClosed' });
    expect(inTime.refund.status).toBe('Completed');
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(701_000);
  });

  it('a RefundId reused with another amount', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '300000' });
    const payer = await createCustomer([1_000_000]);
    await payByQr(api.url, {
      Payload: bill.Qr.Payload,
      Username: payer.username,
      AccountId: payer.accounts[0]!.accountId,
    });
    const id = `RF-${randomUUID().slice(0, 8)}`;
    // Act
    const first = await city.refund(bill.BillId, { RefundId: id, Amount: '1000', Reason: 'Giảm phí' });
    const same = await city.refund(bill.BillId, { RefundId: id, Amount: '1000', Reason: 'Giảm phí' });
    const other = await city.refund(bill.BillId, { RefundId: id, Amount: '2000', Reason: 'Giảm phí' });
    // Assess
    expect(first.status).toBe(201);
    expect(same.json.Data.Refund).toEqual(first.json.Data.Refund);
    expect(other.status).toBe(400);
    expect(other.json.Errors[0].ErrorCode).toBe('VN.OB.Bills.RefundIdConflict');
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(701_000);
  });
});
