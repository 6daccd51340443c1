import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCashCode, isSameCode, readCashCode } from '../../functions/domain/cash/code.ts';
import { CASH_MAX_PER_WITHDRAWAL, CASH_STEP, cashAmountProblem } from '../../functions/domain/cash/rules.ts';
import {
  approvalRefusal,
  type CashSession,
  type CashSessionStatus,
  canTransition,
  effectiveStatus,
  isLateReport,
  openDeadline,
  reportRefusal,
  sweepAction,
} from '../../functions/domain/cash/session.ts';
import { DomainError } from '../../functions/domain/errors.ts';
import { statusOf } from '../../functions/http/error-response.ts';

const T0 = Date.parse('2025-03-01T04:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

function session(status: CashSessionStatus, approved = false): CashSession {
  return {
    sessionId: 'cs-1',
    clientId: 'client-1',
    terminalId: 'HN0042',
    reference: 'REF',
    payload: 'payload',
    status,
    createdAt: at(0).toISOString(),
    statusUpdatedAt: at(0).toISOString(),
    expiresAt: at(180_000).toISOString(),
    statusHistory: [],
    ...(approved
      ? {
          approval: {
            customerId: 'c',
            accountId: 'a',
            amount: 100_000,
            holdId: 'cash-cs-1',
            approvedAt: at(60_000).toISOString(),
            dispenseBy: at(360_000).toISOString(),
          },
        }
      : {}),
  };
}

const codeOf = (error: DomainError | undefined) => error?.code;

describe('cash amounts', () => {
  it('accepts exactly the multiples of 50,000 VND up to 5,000,000', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000_000 }), (amount) => {
        const dispensable = amount % CASH_STEP === 0 && amount <= CASH_MAX_PER_WITHDRAWAL;
        expect(cashAmountProblem(amount) === undefined).toBe(dispensable);
      }),
    );
  });

  it.each([
    [50_000, undefined],
    [5_000_000, undefined],
    [5_050_000, 'VN.OB.Cash.AmountOverLimit'],
    [5_000_001, 'VN.OB.Cash.AmountOverLimit'],
    [125_000, 'VN.OB.Cash.AmountNotDispensable'],
    [1, 'VN.OB.Cash.AmountNotDispensable'],
  ])('%d VND → %s', (amount, code) => {
    expect(cashAmountProblem(amount)?.code).toBe(code);
  });

  it('suggests the nearest amounts an ATM can pay', () => {
    expect(cashAmountProblem(120_000)?.message).toMatch(/100000 or 150000/);
  });
});

describe('the session state machine', () => {
  it('moves only forward: a reported session never moves, an expired one only by a late report', () => {
    expect(canTransition('AwaitingApproval', 'Approved')).toBe(true);
    expect(canTransition('AwaitingApproval', 'Completed')).toBe(false);
    expect(canTransition('Approved', 'Completed')).toBe(true);
    expect(canTransition('Approved', 'Reversed')).toBe(true);
    expect(canTransition('Approved', 'Expired')).toBe(true);
    for (const final of ['Completed', 'Reversed'] as const) {
      for (const to of ['AwaitingApproval', 'Approved', 'Completed', 'Reversed', 'Expired'] as const) {
        expect(canTransition(final, to)).toBe(false);
      }
    }
    // A terminal's report that comes after the hold was released still says what the machine did.
    expect(canTransition('Expired', 'Completed')).toBe(true);
    expect(canTransition('Expired', 'Reversed')).toBe(true);
    expect(canTransition('Expired', 'Approved')).toBe(false);
    expect(canTransition('Expired', 'AwaitingApproval')).toBe(false);
  });

  it('shows an unapproved code as Expired from the end of its window, before any sweep', () => {
    expect(effectiveStatus(session('AwaitingApproval'), at(179_999))).toBe('AwaitingApproval');
    expect(effectiveStatus(session('AwaitingApproval'), at(180_000))).toBe('Expired');
    // An approved session keeps its hold until reported or swept, so it stays Approved.
    expect(effectiveStatus(session('Approved', true), at(10 * 60_000))).toBe('Approved');
  });

  it('allows approval only while awaiting it', () => {
    expect(approvalRefusal(session('AwaitingApproval'), at(1_000))).toBeUndefined();
    expect(codeOf(approvalRefusal(session('AwaitingApproval'), at(180_000)))).toBe(
      'VN.OB.Cash.SessionExpired',
    );
    expect(codeOf(approvalRefusal(session('Expired'), at(1_000)))).toBe('VN.OB.Cash.SessionExpired');
    expect(codeOf(approvalRefusal(session('Approved', true), at(1_000)))).toBe('VN.OB.Cash.CodeAlreadyUsed');
    expect(codeOf(approvalRefusal(session('Completed', true), at(1_000)))).toBe('VN.OB.Cash.CodeAlreadyUsed');
    expect(codeOf(approvalRefusal(session('Expired', true), at(1_000)))).toBe('VN.OB.Cash.CodeAlreadyUsed');
  });

  it('takes one report, on an approved session only', () => {
    expect(reportRefusal(session('Approved', true), at(1_000))).toBeUndefined();
    expect(codeOf(reportRefusal(session('AwaitingApproval'), at(1_000)))).toBe(
      'VN.OB.Cash.SessionNotApproved',
    );
    expect(codeOf(reportRefusal(session('Completed', true), at(1_000)))).toBe('VN.OB.Cash.AlreadyReported');
    expect(codeOf(reportRefusal(session('Reversed', true), at(1_000)))).toBe('VN.OB.Cash.AlreadyReported');
    // Approved, never reported, hold released by the sweeper: the late report is taken.
    expect(reportRefusal(session('Expired', true), at(1_000))).toBeUndefined();
    expect(isLateReport(session('Expired', true))).toBe(true);
    expect(isLateReport(session('Expired'))).toBe(false);
    expect(isLateReport(session('Approved', true))).toBe(false);
    expect(codeOf(reportRefusal(session('Expired'), at(1_000)))).toBe('VN.OB.Cash.SessionNotApproved');
    const reported = {
      ...session('Expired', true),
      withdrawal: {
        withdrawalId: 'cw-1',
        outcome: 'Dispensed' as const,
        reportedAt: at(1_000).toISOString(),
      },
    };
    expect(isLateReport(reported)).toBe(false);
  });

  it('sweeps an open session only past its deadline', () => {
    expect(sweepAction(session('AwaitingApproval'), at(179_999))).toBeUndefined();
    expect(sweepAction(session('AwaitingApproval'), at(180_000))).toBe('expire');
    expect(sweepAction(session('Approved', true), at(359_999))).toBeUndefined();
    expect(sweepAction(session('Approved', true), at(360_000))).toBe('release');
    expect(sweepAction(session('Completed', true), at(10 * 60_000))).toBeUndefined();
    expect(openDeadline(session('Approved', true))).toBe(at(360_000).toISOString());
    expect(openDeadline(session('Reversed', true))).toBeUndefined();
  });
});

describe('the QRCASH code', () => {
  it('encodes the terminal and reference, and reads back to the reference', () => {
    const code = encodeCashCode({ terminalId: 'HN-0042', reference: 'CS7K2M9Q4T' });
    if (!code.ok) throw new Error('not encoded');
    expect(code.payload).toContain('0010A000000727');
    expect(code.payload).toContain('0206QRCASH');
    expect(code.payload).toContain('52046011');
    expect(readCashCode(code.payload)).toEqual({ reference: 'CS7K2M9Q4T' });
    const lowerCrc = code.payload.slice(0, -4) + code.payload.slice(-4).toLowerCase();
    expect(isSameCode(lowerCrc, code.payload)).toBe(true);
  });

  it('names the request field a terminal must fix', () => {
    const code = encodeCashCode({
      terminalId: 'HN0042',
      reference: 'R',
      location: { name: 'x'.repeat(26), city: 'Thành phố Hồ Chí Minh' },
    });
    expect(code.ok).toBe(false);
    if (code.ok) return;
    expect(code.problems.map((problem) => problem.Path)).toEqual([
      'Data.Location.Name',
      'Data.Location.City',
    ]);
  });

  it('never throws anything but a DomainError on arbitrary scanned text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          readCashCode(text);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect(statusOf(error as DomainError)).toBe(400);
        }
      }),
    );
  });
});
