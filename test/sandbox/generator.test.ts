import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OWN_BANK_BIN } from '../../functions/domain/banks.ts';
import { telecoms } from '../../functions/domain/sandbox/counterparties.ts';
import {
  generateCustomer,
  generateCustomers,
  type SandboxConfig,
} from '../../functions/domain/sandbox/dataset.ts';
import { heavyAccount } from '../../functions/domain/sandbox/heavy.ts';
import { historyWindow } from '../../functions/domain/sandbox/history.ts';
import { foldToAscii } from '../../functions/domain/sandbox/text.ts';
import { expectConsistentLedger } from './invariants.ts';

const config: SandboxConfig = {
  seed: 'generator-test',
  namespace: '',
  referenceDate: new Date('2025-06-14T17:00:00.000Z'),
};
const customers = [...generateCustomers(config, 80)];
const accounts = customers.flatMap((customer) => customer.accounts);
const mobilePrefixes = telecoms.flatMap((telecom) => telecom.prefixes);

describe('sandbox generator', () => {
  it('produces byte-identical data for the same seed and reference date', () => {
    // Prepare
    const again = [...generateCustomers(config, 80)];

    // Assess
    expect(JSON.stringify(again)).toBe(JSON.stringify(customers));
  });

  it('produces different people and histories for a different seed, under the same ids', () => {
    // Act
    const other = [...generateCustomers({ ...config, seed: 'another-seed' }, 80)];

    // Assess
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(customers));
    const names = (list: typeof customers) => list.slice(3).map((customer) => customer.customer.name);
    expect(names(other)).not.toEqual(names(customers));
    expect(other.map((customer) => customer.customer.customerId)).toEqual(
      customers.map((customer) => customer.customer.customerId),
    );
  });

  it('generates each customer independently of how many are generated', () => {
    expect(generateCustomer(config, 41)).toEqual(customers[41]);
  });

  it('keeps namespaces apart: other ids, usernames and account numbers', () => {
    // Act
    const namespaced = [...generateCustomers({ ...config, namespace: 'tns1' }, 80)];

    // Assess
    const ids = new Set(accounts.map((a) => a.account.accountId));
    const numbers = new Set(accounts.map((a) => a.account.accountNumber));
    const usernames = new Set(customers.map((c) => c.customer.username));
    for (const customer of namespaced) {
      expect(usernames.has(customer.customer.username)).toBe(false);
      expect(customer.customer.username.endsWith('.tns1')).toBe(true);
      for (const { account } of customer.accounts) {
        expect(ids.has(account.accountId)).toBe(false);
        expect(numbers.has(account.accountNumber)).toBe(false);
      }
    }
  });

  it('starts with the three memorable demo customers', () => {
    expect(customers.slice(0, 3).map((c) => [c.customer.username, c.customer.name])).toEqual([
      ['an.nguyen', 'Nguyễn Văn An'],
      ['binh.tran', 'Trần Thị Bình'],
      ['chi.le', 'Lê Minh Chi'],
    ]);
  });

  it('keeps every balance equal to the running result of its ledger, never negative', () => {
    for (const { account, entries } of accounts) expectConsistentLedger(account, entries);
  });

  it('gives every customer a current account, sometimes savings, at most three accounts', () => {
    for (const customer of customers) {
      expect(customer.accounts[0]!.account.accountSubType).toBe('CurrentAccount');
      expect(customer.accounts.length).toBeGreaterThanOrEqual(1);
      expect(customer.accounts.length).toBeLessThanOrEqual(3);
      for (const { account } of customer.accounts) {
        expect(account).toMatchObject({
          ownerId: customer.customer.customerId,
          ownerKind: 'customer',
          bankBin: OWN_BANK_BIN,
          currency: 'VND',
          status: 'Enabled',
          accountType: 'Personal',
        });
        expect(account.name).toBe(customer.customer.name.toLocaleUpperCase('vi-VN'));
      }
    }
    const savings = accounts.filter((a) => a.account.accountSubType === 'Savings').length;
    expect(savings).toBeGreaterThan(10);
  });

  it('never repeats a username, account number or entry id', () => {
    const usernames = customers.map((c) => c.customer.username);
    const numbers = accounts.map((a) => a.account.accountNumber);
    const entryIds = accounts.flatMap((a) => a.entries.map((e) => e.entryId));
    expect(new Set(usernames).size).toBe(usernames.length);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(new Set(entryIds).size).toBe(entryIds.length);
  });

  it('uses 12-digit account numbers, Vietnamese mobile numbers and ASCII usernames', () => {
    for (const customer of customers) {
      expect(customer.customer.phone).toMatch(/^0\d{9}$/);
      expect(mobilePrefixes).toContain(customer.customer.phone.slice(0, 3));
      expect(customer.customer.username).toMatch(/^[a-z]+\.[a-z]+\d*$/);
      for (const { account } of customer.accounts) expect(account.accountNumber).toMatch(/^10\d{10}$/);
    }
  });

  it('names people in Vietnamese, with diacritics, family name first', () => {
    for (const { customer } of customers) {
      expect(customer.name).toMatch(/^\p{Lu}\p{Ll}* \p{Lu}\p{Ll}* \p{Lu}\p{Ll}*$/u);
      expect(customer.name).toBe(customer.name.normalize('NFC'));
    }
    const withDiacritics = customers.filter(({ customer }) => foldToAscii(customer.name) !== customer.name);
    expect(withDiacritics.length / customers.length).toBeGreaterThan(0.9);
  });

  it('books 12 months of realistic activity before the reference date', () => {
    // Prepare
    const window = historyWindow(config.referenceDate);
    const mains = accounts.filter((a) => a.account.nickname === 'Tài khoản thanh toán');

    // Assess
    for (const { entries } of accounts) {
      for (const entry of entries) {
        const at = Date.parse(entry.bookedAt);
        expect(at).toBeGreaterThanOrEqual(window.start);
        expect(at).toBeLessThan(window.end);
        expect(entry.bookedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      }
    }
    const perMonth = mains.reduce((sum, a) => sum + a.entries.length, 0) / mains.length / 12;
    expect(perMonth).toBeGreaterThanOrEqual(8);
    expect(perMonth).toBeLessThanOrEqual(15);
    const all = mains.flatMap((a) => a.entries);
    const has = (pattern: RegExp) => all.some((entry) => pattern.test(entry.description));
    expect(has(/^Trả lương tháng \d\d\/\d{4}$/)).toBe(true);
    expect(has(/^Thanh toán tiền điện kỳ/)).toBe(true);
    expect(has(/^Thanh toán tiền nước kỳ/)).toBe(true);
    expect(has(/học phí/)).toBe(true);
    expect(has(/^Thanh toán viện phí/)).toBe(true);
    expect(has(/^Rút tiền mặt tại ATM VietinBank/)).toBe(true);
    expect(all.some((e) => e.counterparty?.name.startsWith('Tổng công ty Điện lực'))).toBe(true);
    expect(all.some((e) => e.merchant?.categoryCode === '5411')).toBe(true);
    const salaries = all.filter((e) => e.bankTransactionCode.subCode === 'SALA');
    expect(salaries.every((e) => e.counterparty?.bankBin && e.counterparty.bankBin !== OWN_BANK_BIN)).toBe(
      true,
    );
    const transfers = all.filter((e) => e.counterparty?.accountNumber);
    expect(new Set(transfers.map((e) => e.counterparty!.bankBin)).size).toBeGreaterThan(5);
  });

  it('holds the ledger rules for any seed and reference date (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.date({
          min: new Date('2020-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 500 }),
        (seed, referenceDate, index) => {
          const customer = generateCustomer({ seed, namespace: '', referenceDate }, index);
          for (const { account, entries } of customer.accounts) expectConsistentLedger(account, entries);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('streams a heavy account with exactly the requested entries, consistent and deterministic', () => {
    // Prepare
    const owner = { customerId: 'sbx-c000000', name: 'Nguyễn Văn An' };

    // Act
    const heavy = heavyAccount(config, 5_000, owner);
    const iterator = heavy.entries();
    const entries = [];
    let step = iterator.next();
    while (!step.done) {
      entries.push(step.value);
      step = iterator.next();
    }

    // Assess
    expect(entries).toHaveLength(5_000);
    expectConsistentLedger({ ...heavy.account, balance: step.value }, entries);
    expect(new Set(entries.map((e) => e.entryId)).size).toBe(5_000);
    expect([...heavyAccount(config, 5_000, owner).entries()]).toEqual(entries);
    expect(heavy.account.accountNumber).toMatch(/^10\d{10}$/);
    expect(accounts.map((a) => a.account.accountNumber)).not.toContain(heavy.account.accountNumber);
  });
});
