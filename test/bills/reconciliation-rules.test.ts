import { describe, expect, it } from 'vitest';
import { itemErrors, MAX_BATCH_ITEMS, parseBatchRequest } from '../../functions/domain/bills/batch.ts';
import {
  businessDayWindow,
  parseReconciliationDate,
  type ReconciliationItem,
  reconciliationCsv,
  reconciliationReport,
} from '../../functions/domain/bills/reconciliation.ts';

const item = (over: Partial<ReconciliationItem>): ReconciliationItem => ({
  BillId: 'bill_A',
  Reference: 'HS-1',
  Type: 'Payment',
  Amount: 150_000,
  LedgerReference: 'pst_1',
  BookedAt: '2026-12-02T09:00:00.000+07:00',
  ...over,
});

describe('reconciliation rules: the business day is Vietnam’s (UTC+07:00)', () => {
  it('spans 17:00 UTC the day before to 17:00 UTC the day itself', () => {
    const { from, to } = businessDayWindow('2026-12-02');
    expect(from.toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(to.toISOString()).toBe('2026-12-02T17:00:00.000Z');
  });

  it.each([
    ['2026-12-02', '2026-12-02T16:59:59Z', { value: '2026-12-02' }],
    ['2026-12-03', '2026-12-02T17:00:00Z', { value: '2026-12-03' }], // midnight in Hà Nội: the 3rd has begun
    ['2026-12-03', '2026-12-02T16:59:59Z', { code: 'VN.OB.Reconciliation.FutureDate' }],
    ['2026-02-30', '2026-12-02T10:00:00Z', { code: 'VN.OB.Reconciliation.InvalidDate' }],
    ['2026-12-2', '2026-12-02T10:00:00Z', { code: 'VN.OB.Reconciliation.InvalidDate' }],
    ['02-12-2026', '2026-12-02T10:00:00Z', { code: 'VN.OB.Reconciliation.InvalidDate' }],
    ['2026-12-02T00:00', '2026-12-02T10:00:00Z', { code: 'VN.OB.Reconciliation.InvalidDate' }],
  ])('date %s asked at %s', (date, now, expected) => {
    const parsed = parseReconciliationDate(date, new Date(now));
    if ('value' in expected) expect(parsed.value).toBe(expected.value);
    else
      expect(parsed.problems.list).toEqual([
        expect.objectContaining({ ErrorCode: expected.code, Path: 'Date' }),
      ]);
  });

  it('is provisional until the day has ended in Vietnam, then final', () => {
    expect(reconciliationReport('2026-12-02', [], new Date('2026-12-02T16:59:59Z')).Provisional).toBe(true);
    expect(reconciliationReport('2026-12-02', [], new Date('2026-12-02T17:00:00Z')).Provisional).toBe(false);
  });

  it('totals payments and refunds, the net possibly negative (refunds of earlier days)', () => {
    const report = reconciliationReport(
      '2026-12-02',
      [item({ Amount: 100 }), item({ Type: 'Refund', Amount: 250, LedgerReference: 'pst_2' })],
      new Date('2026-12-03T00:00:00Z'),
    );
    expect(report.Totals).toEqual({ Paid: 100, Refunded: 250, Net: -150 });
  });

  it('writes CSV with a BOM, CRLF lines, quoting, and formula-like text neutralised', () => {
    const report = reconciliationReport(
      '2026-12-02',
      [
        item({ PayerName: 'Nguyễn "Tí", An' }),
        item({ PayerName: '=HYPERLINK("x")', LedgerReference: 'pst_2' }),
      ],
      new Date('2026-12-03T00:00:00Z'),
    );
    const csv = reconciliationCsv(report);
    expect(csv.startsWith('\uFEFFBookedAt,Type,BillId,Reference,PayerName,Amount,LedgerReference\r\n')).toBe(
      true,
    );
    expect(csv).toContain(',"Nguyễn ""Tí"", An",150000,');
    expect(csv).toContain(`,"'=HYPERLINK(""x"")",`);
    expect(csv).toContain('\r\nNet,300000\r\n');
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
});

describe('batch envelope rules', () => {
  it(`refuses more than ${MAX_BATCH_ITEMS} bills, naming Data.Bills`, () => {
    const parsed = parseBatchRequest({
      Data: { Bills: Array.from({ length: MAX_BATCH_ITEMS + 1 }, () => ({})) },
    });
    expect(parsed.value).toBeUndefined();
    expect(parsed.problems.list).toEqual([
      expect.objectContaining({ ErrorCode: 'VN.OB.Bills.BatchTooLarge', Path: 'Data.Bills' }),
    ]);
  });

  it.each([
    [{}, 'UK.OBIE.Field.Missing', 'Data'],
    [{ Data: {} }, 'UK.OBIE.Field.Missing', 'Data.Bills'],
    [{ Data: { Bills: [] } }, 'VN.OB.Bills.InvalidBatch', 'Data.Bills'],
    [{ Data: { Bills: {} } }, 'VN.OB.Bills.InvalidBatch', 'Data.Bills'],
    [{ Data: { Bills: [{}], Extra: 1 } }, 'UK.OBIE.Field.Unexpected', 'Data.Extra'],
  ])('refuses %j', (body, code, path) => {
    expect(parseBatchRequest(body).problems.list).toEqual([
      expect.objectContaining({ ErrorCode: code, Path: path }),
    ]);
  });

  it('accepts exactly 5,000 bills and reports item problems at the item’s place', () => {
    expect(
      parseBatchRequest({ Data: { Bills: Array.from({ length: MAX_BATCH_ITEMS }, () => ({})) } }).value,
    ).toHaveLength(MAX_BATCH_ITEMS);
    expect(
      itemErrors(12, [
        { ErrorCode: 'VN.OB.Bills.InvalidAmount', Message: 'm', Path: 'Data.Amount' },
        { ErrorCode: 'UK.OBIE.Field.Missing', Message: 'm', Path: 'Data' },
      ]).map((error) => error.Path),
    ).toEqual(['Data.Bills[12].Amount', 'Data.Bills[12]']);
  });
});
