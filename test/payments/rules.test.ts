import { describe, expect, it } from 'vitest';
import { payableAccounts } from '../../functions/domain/payments/debtor.ts';
import {
  firstDifference,
  normalisedInitiation,
  parseConsentRequest,
} from '../../functions/domain/payments/initiation.ts';
import {
  comparableName,
  confirmPayee,
  isCloseName,
  isHolderName,
  payeeCheckWindow,
} from '../../functions/domain/payments/payee.ts';
import { sandboxSettlementOutcome } from '../../functions/domain/payments/status.ts';

const initiation = {
  InstructionIdentification: 'INS-1',
  EndToEndIdentification: 'E2E-1',
  InstructedAmount: { Amount: '150000', Currency: 'VND' },
  CreditorAccount: { SchemeName: 'VN.AccountNumber', Identification: '103870001234', Name: 'Trần Thị Bình' },
  CreditorAgent: { SchemeName: 'VN.BIN', Identification: '970415' },
};

describe('payment initiation rules', () => {
  it('keeps a valid initiation exactly as sent, with the amount as whole VND', () => {
    // Act
    const { value, problems } = parseConsentRequest({ Data: { Initiation: initiation }, Risk: {} });
    // Assess
    expect(problems.list).toEqual([]);
    expect(value).toEqual({ initiation, risk: {}, amount: 150_000 });
  });

  it('names the first field a payment changed from its consent, whatever the key order', () => {
    // Prepare
    const reordered = Object.fromEntries(Object.entries(initiation).reverse());
    const renamed = {
      ...initiation,
      CreditorAccount: { ...initiation.CreditorAccount, Name: 'Trần Thị Bính' },
    };
    // Act / Assess
    expect(firstDifference(initiation, reordered, 'Data.Initiation')).toBeUndefined();
    expect(firstDifference(initiation, renamed, 'Data.Initiation')).toBe(
      'Data.Initiation.CreditorAccount.Name',
    );
    expect(firstDifference(initiation, { ...initiation, Extra: 1 }, 'Data.Initiation')).toBe(
      'Data.Initiation.Extra',
    );
    expect(firstDifference({ A: ['1'] }, { A: ['1', '2'] }, 'Risk')).toBe('Risk.A');
    expect(firstDifference({ A: '1' }, { A: 1 }, 'Risk')).toBe('Risk.A');
  });

  it('normalises a submitted initiation the way the consent stored it, leaving an invalid one as sent', () => {
    // Prepare
    const withEmptyGroup = { ...initiation, RemittanceInformation: {} };
    const invalid = { ...initiation, InstructedAmount: { Amount: 150000, Currency: 'VND' } };
    // Act / Assess
    expect(normalisedInitiation(withEmptyGroup)).toEqual(initiation);
    expect(normalisedInitiation(invalid)).toBe(invalid);
  });

  it('compares holder names without diacritics, case or extra spaces', () => {
    // Act / Assess
    expect(comparableName('  Trần  thị Bình ')).toBe('TRAN THI BINH');
    expect(comparableName('Đặng Thị Ngọc Ánh')).toBe('DANG THI NGOC ANH');
    expect(isHolderName('nguyễn văn ưng', 'NGUYEN VAN UNG')).toBe(true);
    expect(isHolderName('NGUYEN VAN UNG', 'NGUYEN VAN UNGG')).toBe(false);
  });

  it('takes a payee only when its account is a customer’s, open and held by that name', () => {
    // Prepare
    const account = {
      accountId: 'a',
      ownerKind: 'customer' as const,
      status: 'Enabled' as const,
      name: 'TRAN THI BINH',
    };
    // Act / Assess
    expect(confirmPayee(account, 'Trần Thị Bình')).toBe('Match');
    // Unknown, the bank's own and disabled accounts answer alike (Confirmation of Payee: "unavailable").
    expect(confirmPayee(undefined, 'Trần Thị Bình')).toBe('Unavailable');
    expect(confirmPayee({ ...account, ownerKind: 'bank' }, 'Trần Thị Bình')).toBe('Unavailable');
    expect(confirmPayee({ ...account, status: 'Disabled' }, 'Trần Thị Bình')).toBe('Unavailable');
    expect(confirmPayee({ ...account, status: 'Disabled' }, 'Someone Else')).toBe('Unavailable');
    expect(confirmPayee(account, 'Lê Văn Chí')).toBe('NoMatch');
    // One letter off in one word is close, not a match.
    expect(confirmPayee(account, 'Trần Thị Bích')).toBe('CloseMatch');
  });

  it('calls a name close only for a reordering, other word breaks or one letter off in one word', () => {
    // Act / Assess
    expect(isCloseName('Bình Trần Thị', 'TRAN THI BINH')).toBe(true);
    expect(isCloseName('Tranthi Bình', 'TRAN THI BINH')).toBe(true);
    expect(isCloseName('Trần Thị Bìnhh', 'TRAN THI BINH')).toBe(true);
    expect(isCloseName('Trần Th Bình', 'TRAN THI BINH')).toBe(true);
    expect(isCloseName('Trần Thị Bình', 'TRAN THI BINH')).toBe(false);
    expect(isCloseName('Trần Thị Bính Anh', 'TRAN THI BINH')).toBe(false);
    expect(isCloseName('Trần Thu Bích', 'TRAN THI BINH')).toBe(false);
    expect(isCloseName('Trần Thị Bxyz', 'TRAN THI BINH')).toBe(false);
    expect(isCloseName('', 'TRAN THI BINH')).toBe(false);
  });

  it('counts failed payee checks per clock hour and says when the hour ends', () => {
    // Act
    const window = payeeCheckWindow(new Date('2026-12-02T01:59:30.000Z'));
    // Assess
    expect(window).toEqual({ hour: '2026-12-02T01', endsAt: new Date('2026-12-02T02:00:00.000Z') });
    expect(payeeCheckWindow(new Date('2026-12-02T02:00:00.000Z')).hour).toBe('2026-12-02T02');
  });

  it('offers as debtor only enabled accounts, never the payee’s own, and only the one named when one is', () => {
    // Prepare
    const accounts = [
      { accountId: 'a', accountNumber: '111', status: 'Enabled' as const },
      { accountId: 'b', accountNumber: '222', status: 'Enabled' as const },
      { accountId: 'c', accountNumber: '333', status: 'Disabled' as const },
    ];
    // Act / Assess
    expect(payableAccounts(accounts, {}).map((a) => a.accountId)).toEqual(['a', 'b']);
    expect(payableAccounts(accounts, {}, 'a').map((a) => a.accountId)).toEqual(['b']);
    const named = { DebtorAccount: { SchemeName: 'VN.AccountNumber' as const, Identification: '222' } };
    expect(payableAccounts(accounts, named).map((a) => a.accountId)).toEqual(['b']);
  });

  it('has the sandbox’s receiving banks refuse account numbers ending in 0000', () => {
    // Act / Assess
    const outcome = (Identification: string) =>
      sandboxSettlementOutcome({
        CreditorAccount: { SchemeName: 'VN.AccountNumber', Identification, Name: 'X' },
      });
    expect(outcome('0071000000')).toBe('Rejected');
    expect(outcome('0071000001')).toBe('Completed');
  });
});
