import { OWN_BANK_BIN } from '#domain/banks.ts';
import { bankAccounts, UNBOUNDED_OVERDRAFT } from '#domain/ledger/accounts.ts';
import { openAccount } from '../ledger/accounts.ts';

/** The bank's NAPAS 247 clearing account, as `ensureBankAccounts` opens it (number 990000000001). */
const NAPAS_CLEARING_ACCOUNT = {
  accountId: bankAccounts.napasClearing,
  ownerId: 'bank',
  ownerKind: 'bank',
  bankBin: OWN_BANK_BIN,
  accountNumber: '990000000001',
  name: 'NAPAS 247 CLEARING',
  accountType: 'Business',
  accountSubType: 'CurrentAccount',
  currency: 'VND',
  status: 'Enabled',
  overdraftLimit: UNBOUNDED_OVERDRAFT,
} as const;

let opened: Promise<unknown> | undefined;

/**
 * Opens the NAPAS clearing account unless it exists, once per cold start: an interbank payment
 * credits it, whichever way the platform was set up (sandbox seed, tests, a fresh AWS stage).
 */
export function ensureClearingAccount(): Promise<unknown> {
  opened ??= openAccount(NAPAS_CLEARING_ACCOUNT).catch((error: unknown) => {
    opened = undefined;
    throw error;
  });
  return opened;
}
