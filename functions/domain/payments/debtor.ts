import type { DomesticInitiation } from './initiation.ts';

/** What choosing the account to pay from needs to know of an account. */
export interface DebtorCandidate {
  accountId: string;
  accountNumber: string;
  status: 'Enabled' | 'Disabled';
}

/**
 * The customer's accounts that may pay this initiation: enabled ones, never the creditor
 * account itself, and only the one the fintech named when the initiation carries a
 * `DebtorAccount`.
 */
export function payableAccounts<A extends DebtorCandidate>(
  accounts: readonly A[],
  initiation: Pick<DomesticInitiation, 'DebtorAccount'>,
  creditorAccountId?: string,
): A[] {
  const wanted = initiation.DebtorAccount?.Identification;
  return accounts.filter(
    (account) =>
      account.status === 'Enabled' &&
      account.accountId !== creditorAccountId &&
      (wanted === undefined || account.accountNumber === wanted),
  );
}
