import type { AccountItem, LedgerEntryItem } from '#domain/ledger/entities.ts';
import { OWN_BANK_BIN } from '../banks.ts';
import { incomingPurposes, merchants, otherBankAccount, outgoingPurposes } from './counterparties.ts';
import type { SandboxConfig } from './dataset.ts';
import { historyWindow } from './history.ts';
import { heavyAccountNumber, sandboxIds } from './identifiers.ts';
import { personName } from './names.ts';
import { createRandom } from './random.ts';
import { napasName, statementName } from './text.ts';
import { transactionCodes } from './transaction-codes.ts';

/**
 * An account with a very long history (a million entries) for paging benchmarks. Entries are
 * generated lazily, evenly spread over the 12 months, so the writer can stream them.
 */
export interface HeavyAccount {
  account: AccountItem;
  /** Yields the entries oldest first and returns the final balance. */
  entries(): Generator<LedgerEntryItem, number>;
}

export function heavyAccount(
  config: SandboxConfig,
  count: number,
  owner: { customerId: string; name: string },
): HeavyAccount {
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`heavy account needs at least 1 entry, got ${count}`);
  const accountId = sandboxIds.heavyAccount(config.namespace, count);
  const window = historyWindow(config.referenceDate);
  const width = Math.max(7, String(count).length);
  const account: AccountItem = {
    type: 'Account',
    accountId,
    ownerId: owner.customerId,
    ownerKind: 'customer',
    bankBin: OWN_BANK_BIN,
    accountNumber: heavyAccountNumber(config.namespace, count),
    name: statementName(owner.name),
    nickname: `Tài khoản thử tải (${count.toLocaleString('vi-VN')} giao dịch)`,
    accountType: 'Personal',
    accountSubType: 'CurrentAccount',
    currency: 'VND',
    status: 'Enabled',
    balance: 0,
    held: 0,
    overdraftLimit: 0,
    openedAt: new Date(window.start).toISOString(),
    version: 0,
  };

  function* entries(): Generator<LedgerEntryItem, number> {
    const random = createRandom(`${config.seed}|heavy|${count}`);
    const contacts = Array.from({ length: 40 }, () => ({
      name: napasName(personName(random).full),
      ...otherBankAccount(random),
    }));
    const step = (window.end - window.start - 1) / count;
    let balance = 0;
    for (let seq = 1; seq <= count; seq++) {
      const at = Math.floor(window.start + (seq - 1 + random.next()) * step);
      const bookedAt = new Date(at).toISOString();
      const roll = random.next();
      let entry: Omit<
        LedgerEntryItem,
        'type' | 'entryId' | 'postingId' | 'accountId' | 'balanceAfter' | 'bookedAt' | 'valueAt' | 'status'
      >;
      if (seq === 1) {
        entry = {
          amount: 500_000_000,
          creditDebit: 'Credit',
          description: 'Nộp tiền mặt mở tài khoản thử tải',
          bankTransactionCode: { ...transactionCodes.cashDeposit },
        };
      } else if (roll < 0.55) {
        const merchant = random.weighted(merchants.map((m) => [m, m.weight] as const));
        entry = {
          amount: random.amount(merchant.min, Math.min(merchant.max, 2_000_000), 1_000),
          creditDebit: 'Debit',
          description: `Thanh toán QR tại ${merchant.name}`,
          bankTransactionCode: { ...transactionCodes.issued },
          merchant: { name: merchant.name, categoryCode: merchant.mcc },
        };
      } else if (roll < 0.75) {
        entry = {
          amount: random.amount(50_000, 3_000_000, 10_000),
          creditDebit: 'Debit',
          description: random.pick(outgoingPurposes),
          bankTransactionCode: { ...transactionCodes.issued },
          counterparty: { ...random.pick(contacts) },
        };
      } else {
        entry = {
          amount: random.amount(50_000, 3_000_000, 10_000),
          creditDebit: 'Credit',
          description: random.pick(incomingPurposes),
          bankTransactionCode: { ...transactionCodes.received },
          counterparty: { ...random.pick(contacts) },
        };
      }
      if (entry.creditDebit === 'Debit' && entry.amount > balance) {
        // Never overdraw: the money arrives instead.
        entry = {
          amount: entry.amount,
          creditDebit: 'Credit',
          description: random.pick(incomingPurposes),
          bankTransactionCode: { ...transactionCodes.received },
          counterparty: { ...random.pick(contacts) },
        };
      }
      balance += entry.creditDebit === 'Credit' ? entry.amount : -entry.amount;
      yield {
        type: 'LedgerEntry',
        entryId: sandboxIds.entry(accountId, seq, width),
        postingId: sandboxIds.posting(accountId, seq, width),
        accountId,
        status: 'Booked',
        bookedAt,
        valueAt: bookedAt,
        balanceAfter: balance,
        ...entry,
      };
    }
    return balance;
  }

  return { account, entries };
}
