import { bankAccounts } from '#domain/ledger/accounts.ts';
import { ensureBankAccount } from '../ledger/accounts.ts';

/** Opens the NAPAS clearing account (credited by interbank payments) unless it exists. */
export function ensureClearingAccount(): Promise<unknown> {
  return ensureBankAccount(bankAccounts.napasClearing);
}
