import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { OWN_BANK_BIN } from '../../functions/domain/banks.ts';
import type { CustomerItem } from '../../functions/domain/customer.ts';
import { bankAccounts } from '../../functions/domain/ledger/accounts.ts';
import type { AccountItem } from '../../functions/domain/ledger/entities.ts';
import { hashPassword } from '../../functions/domain/passwords.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/keys.ts';
import { ensureBankAccounts, openAccount } from '../../functions/store/ledger/accounts.ts';
import { postTransfer } from '../../functions/store/ledger/transfer.ts';

export const TEST_PASSWORD = 'correct horse battery';
export const SANDBOX_OTP = '123456';

let passwordHash: Promise<string> | undefined;

export interface TestCustomer {
  customerId: string;
  username: string;
  name: string;
  accounts: AccountItem[];
  login: { username: string; password: string; otp: string };
}

/** A random 12-digit account number (test-only; collisions across a run are negligible). */
function accountNumber(): string {
  return `1${String(Math.floor(Math.random() * 1e11)).padStart(11, '0')}`;
}

/**
 * A customer of the bank with funded accounts, written through the real store and ledger
 * (money arrives by postings from the sandbox funding account, as in the sandbox seed).
 */
export async function createCustomer(balances: number[] = [5_000_000]): Promise<TestCustomer> {
  await ensureBankAccounts();
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const customerId = `cus-${randomUUID()}`;
  const username = `test.${customerId.slice(4, 16)}`;
  const name = 'Nguyễn Thị Thử';
  const customer: CustomerItem = {
    type: 'Customer',
    customerId,
    username,
    name,
    passwordHash: await passwordHash,
    phone: '0912345678',
    createdAt: new Date().toISOString(),
  };
  await documents.send(
    new PutCommand({
      TableName: mainTableName(),
      Item: { ...keys.customer(customerId), ...keys.customerByUsername(username), ...customer },
    }),
  );
  const accounts: AccountItem[] = [];
  for (const [i, balance] of balances.entries()) {
    const account = await openAccount({
      accountId: `acc-${randomUUID()}`,
      ownerId: customerId,
      ownerKind: 'customer',
      bankBin: OWN_BANK_BIN,
      accountNumber: accountNumber(),
      name: 'NGUYEN THI THU',
      accountType: 'Personal',
      accountSubType: i === 0 ? 'CurrentAccount' : 'Savings',
      currency: 'VND',
      status: 'Enabled',
    });
    if (balance > 0) await fund(account.accountId, balance);
    accounts.push({ ...account, balance });
  }
  return {
    customerId,
    username,
    name,
    accounts,
    login: { username, password: TEST_PASSWORD, otp: SANDBOX_OTP },
  };
}

/** Credits an account from the sandbox funding account, as a salary would arrive. */
export async function fund(accountId: string, amount: number, description = 'Lương tháng') {
  return postTransfer({
    kind: 'sandbox-funding',
    amount,
    debit: { accountId: bankAccounts.sandboxFunding, description: `Nạp tiền sandbox ${accountId}` },
    credit: {
      accountId,
      description,
      counterparty: { name: 'CONG TY TNHH DEMO', accountNumber: '0071000123456', bankBin: '970436' },
    },
  });
}
