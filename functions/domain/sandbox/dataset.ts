import type { CustomerItem } from '#domain/customer.ts';
import type { AccountItem, LedgerEntryItem } from '#domain/ledger/entities.ts';
import { OWN_BANK_BIN } from '../banks.ts';
import { startOfVietnamDay } from './calendar.ts';
import { customerProfile, customerRandom } from './customers.ts';
import { accountEvents, bookEvents, historyWindow } from './history.ts';
import { statementName } from './text.ts';

/**
 * The sandbox dataset, generated deterministically: the same seed, namespace and reference date
 * give byte-identical customers, accounts and ledger entries. Each customer is generated from
 * its own random stream, so customers can be generated (and written) one at a time, in any number.
 */

/** Bumped when the generator changes shape: a new version seeds again on the next start. */
export const SANDBOX_DATA_VERSION = '1';
export const DEFAULT_SANDBOX_SEED = 'vietinbank-sandbox';
/** How many customers the local platform seeds on first start. */
export const DEFAULT_SANDBOX_CUSTOMERS = 20;

export interface SandboxConfig {
  seed: string;
  /** '' for the default sandbox; tests use their own so datasets sharing a table never collide. */
  namespace: string;
  /** History covers the 12 months before this instant. */
  referenceDate: Date;
}

/** A customer as generated: everything but the password hash, which the writer adds. */
export type SandboxCustomer = Omit<CustomerItem, 'passwordHash'>;

export interface GeneratedAccount {
  account: AccountItem;
  /** Oldest first; the first is the opening credit and the last one's `balanceAfter` is the balance. */
  entries: LedgerEntryItem[];
}

export interface GeneratedCustomer {
  index: number;
  customer: SandboxCustomer;
  accounts: GeneratedAccount[];
}

/** The default reference date: the start of today in Vietnam, so history runs up to yesterday. */
export function defaultReferenceDate(now: Date = new Date()): Date {
  return startOfVietnamDay(now);
}

/** Customer number `index` of the sandbox, with accounts and 12 months of ledger history. */
export function generateCustomer(config: SandboxConfig, index: number): GeneratedCustomer {
  const profile = customerProfile(config.seed, config.namespace, index);
  const window = historyWindow(config.referenceDate);
  const accounts = profile.accounts.map((plan): GeneratedAccount => {
    const random = customerRandom(config.seed, index, `account|${plan.slot}`);
    const events = accountEvents(profile, plan, window, random);
    const { entries, balance } = bookEvents(plan, events, window, random, profile.persona.savingsRate);
    return {
      account: {
        type: 'Account',
        accountId: plan.accountId,
        ownerId: profile.customerId,
        ownerKind: 'customer',
        bankBin: OWN_BANK_BIN,
        accountNumber: plan.accountNumber,
        name: statementName(profile.name.full),
        nickname: plan.nickname,
        accountType: 'Personal',
        accountSubType: plan.subType,
        currency: 'VND',
        status: 'Enabled',
        balance,
        held: 0,
        overdraftLimit: 0,
        openedAt: entries[0]!.bookedAt,
        version: 0,
      },
      entries,
    };
  });
  return {
    index,
    customer: {
      type: 'Customer',
      customerId: profile.customerId,
      username: profile.username,
      name: profile.name.full,
      phone: profile.phone,
      createdAt: accounts[0]!.account.openedAt,
    },
    accounts,
  };
}

/** Customers `from` … `from + count - 1`, one at a time (10,000 customers never sit in memory together). */
export function* generateCustomers(
  config: SandboxConfig,
  count: number,
  from = 0,
): Generator<GeneratedCustomer> {
  for (let index = from; index < from + count; index++) yield generateCustomer(config, index);
}
