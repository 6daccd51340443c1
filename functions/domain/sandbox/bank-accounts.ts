import type { AccountItem } from '#domain/ledger/entities.ts';
import { OWN_BANK_BIN } from '../banks.ts';
import { sandboxIds } from './identifiers.ts';

/** The bank-internal account that seeded money comes from: its balance is minus everything seeded. */
const SANDBOX_FUNDING_ACCOUNT_ID = 'bank-sandbox-funding';
/** The bank-internal NAPAS clearing account interbank payments settle through. */
const NAPAS_CLEARING_ACCOUNT_ID = 'bank-napas-clearing';

/** "Unbounded" overdraft of the funding account: the largest exact integer a DynamoDB number round-trips as. */
const UNBOUNDED_OVERDRAFT = Number.MAX_SAFE_INTEGER;
/** Overdraft of the clearing account: far above any day's interbank volume. */
const CLEARING_OVERDRAFT = 1_000_000_000_000_000;

function bankAccount(
  accountId: string,
  accountNumber: string,
  name: string,
  overdraftLimit: number,
  openedAt: string,
): AccountItem {
  return {
    type: 'Account',
    accountId,
    ownerId: 'bank',
    ownerKind: 'bank',
    bankBin: OWN_BANK_BIN,
    accountNumber,
    name,
    accountType: 'Business',
    accountSubType: 'CurrentAccount',
    currency: 'VND',
    status: 'Enabled',
    balance: 0,
    held: 0,
    overdraftLimit,
    openedAt,
    version: 0,
  };
}

/**
 * The funding account of a namespace (balance 0 here: the writer adds minus each seeded
 * balance as it creates customer accounts, so the sum over all accounts stays 0).
 */
export function fundingAccount(namespace: string, openedAt: string): AccountItem {
  return bankAccount(
    sandboxIds.bankAccount(namespace, SANDBOX_FUNDING_ACCOUNT_ID),
    'SANDBOX-FUNDING',
    'VIETINBANK - NGUỒN VỐN DỮ LIỆU SANDBOX',
    UNBOUNDED_OVERDRAFT,
    openedAt,
  );
}

/** The NAPAS clearing account, opened empty. */
export function clearingAccount(namespace: string, openedAt: string): AccountItem {
  return bankAccount(
    sandboxIds.bankAccount(namespace, NAPAS_CLEARING_ACCOUNT_ID),
    'NAPAS-CLEARING',
    'VIETINBANK - TÀI KHOẢN THANH TOÁN BÙ TRỪ NAPAS',
    CLEARING_OVERDRAFT,
    openedAt,
  );
}
