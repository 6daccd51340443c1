import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CustomerItem } from '../../functions/domain/customer.ts';
import type { AccountItem } from '../../functions/domain/ledger/entities.ts';
import { verifyPassword } from '../../functions/domain/passwords.ts';
import { generateCustomer, type SandboxConfig } from '../../functions/domain/sandbox/dataset.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { keys } from '../../functions/store/keys.ts';
import { seedHeavyAccount } from '../../functions/store/seed/heavy-account.ts';
import { readSeedMarker } from '../../functions/store/seed/seed-marker.ts';
import { seedSandbox } from '../../functions/store/seed/seed-sandbox.ts';
import { expectConsistentLedger } from './invariants.ts';
import { storedEntries, testNamespace } from './store-helpers.ts';

const namespace = testNamespace();
const config: SandboxConfig = {
  seed: 'store-test',
  namespace,
  referenceDate: new Date('2025-03-31T17:00:00.000Z'),
};
const table = mainTableName();

async function getItem<T>(key: Record<string, string>): Promise<T | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
  return Item as T | undefined;
}

const fundingId = `${namespace}-bank-sandbox-funding`;

/** Balances of the namespace's customer accounts (first `count` customers) and of its funding account. */
async function ledgerTotals(count: number) {
  let customers = 0;
  for (let index = 0; index < count; index++) {
    for (const { account } of generateCustomer(config, index).accounts) {
      customers += (await getItem<AccountItem>(keys.account(account.accountId)))!.balance;
    }
  }
  const funding = (await getItem<AccountItem>(keys.account(fundingId)))!;
  return { customers, funding: funding.balance, fundingAccount: funding };
}

describe('seeding the sandbox into DynamoDB', () => {
  beforeAll(async () => {
    await seedSandbox({ customers: 4, seed: config.seed, namespace, referenceDate: config.referenceDate });
  });

  it('stores exactly the generated customers, accounts and ledger entries', async () => {
    for (let index = 0; index < 4; index++) {
      // Prepare
      const generated = generateCustomer(config, index);

      // Act
      const customer = await getItem<CustomerItem>(keys.customer(generated.customer.customerId));

      // Assess
      expect(customer).toMatchObject(generated.customer);
      for (const { account, entries } of generated.accounts) {
        const stored = await getItem<AccountItem>(keys.account(account.accountId));
        expect(stored).toMatchObject(account);
        const storedLedger = await storedEntries(account.accountId);
        expect(storedLedger).toEqual(entries);
        expectConsistentLedger(stored!, storedLedger);
      }
    }
  });

  it('hashes the password once: every customer signs in with "sandbox"', async () => {
    // Prepare
    const hashes = [];
    for (let index = 0; index < 4; index++) {
      const id = generateCustomer(config, index).customer.customerId;
      hashes.push((await getItem<CustomerItem>(keys.customer(id)))!.passwordHash);
    }

    // Assess
    expect(new Set(hashes).size).toBe(1);
    expect(await verifyPassword('sandbox', hashes[0]!)).toBe(true);
  });

  it('indexes customers by username and accounts by owner and by account number', async () => {
    // Prepare
    const generated = generateCustomer(config, 1);
    const account = generated.accounts[0]!.account;

    // Act
    const byUsername = await documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `USERNAME#${generated.customer.username}` },
      }),
    );
    const byOwner = await documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `CUSTOMER#${generated.customer.customerId}` },
      }),
    );
    const byNumber = await documents.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :pk',
        ExpressionAttributeValues: { ':pk': `ACCTNO#970415#${account.accountNumber}` },
      }),
    );

    // Assess
    expect(generated.customer.username).toBe(`binh.tran.${namespace}`);
    expect(byUsername.Items?.map((item) => item.customerId)).toEqual([generated.customer.customerId]);
    expect(byOwner.Items?.map((item) => item.accountId)).toEqual(
      generated.accounts.map((a) => a.account.accountId),
    );
    expect(byNumber.Items?.map((item) => item.accountId)).toEqual([account.accountId]);
  });

  it('funds the seeded balances from the bank funding account: all balances sum to 0', async () => {
    // Act
    const totals = await ledgerTotals(4);

    // Assess
    expect(totals.customers).toBeGreaterThan(0);
    expect(totals.funding + totals.customers).toBe(0);
    expect(totals.fundingAccount).toMatchObject({ ownerKind: 'bank', accountNumber: 'SANDBOX-FUNDING' });
    expect(totals.fundingAccount.overdraftLimit).toBeGreaterThan(1e15);
  });

  it('writes the seed marker last, recording seed, reference date and customer count', async () => {
    const marker = await readSeedMarker(documents, table, namespace);
    expect(marker).toMatchObject({
      seed: 'store-test',
      namespace,
      customers: 4,
      referenceDate: '2025-03-31T17:00:00.000Z',
    });
  });

  it('re-seeding never resets accounts or funds them twice, and adds only the new customers', async () => {
    // Prepare: a payment of 50,000 VND out of customer 0's account since seeding.
    const spent = generateCustomer(config, 0).accounts[0]!.account;
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.account(spent.accountId),
        UpdateExpression: 'ADD balance :minus',
        ExpressionAttributeValues: { ':minus': -50_000 },
      }),
    );
    await documents.send(
      new UpdateCommand({
        TableName: table,
        Key: keys.account(fundingId),
        UpdateExpression: 'ADD balance :plus',
        ExpressionAttributeValues: { ':plus': 50_000 },
      }),
    );

    // Act: the same seed again (e.g. after an interruption), then with more customers.
    const again = await seedSandbox({ customers: 4, seed: config.seed, namespace });
    const more = await seedSandbox({ customers: 6, seed: config.seed, namespace });

    // Assess
    expect(again.accountsOpened).toBe(0);
    const newAccounts = [4, 5].flatMap((index) => generateCustomer(config, index).accounts);
    expect(more.accountsOpened).toBe(newAccounts.length);
    expect(more.funded).toBe(newAccounts.reduce((sum, a) => sum + a.account.balance, 0));
    expect((await getItem<AccountItem>(keys.account(spent.accountId)))!.balance).toBe(spent.balance - 50_000);
    const totals = await ledgerTotals(6);
    expect(totals.funding + totals.customers).toBe(0);
    expect((await readSeedMarker(documents, table, namespace))!.customers).toBe(6);
  });

  it('refuses to mix another seed or another reference date into a seeded dataset', async () => {
    await expect(seedSandbox({ customers: 1, seed: 'other', namespace })).rejects.toThrow(
      /already holds sandbox data seeded with 'store-test'/,
    );
    await expect(
      seedSandbox({
        customers: 1,
        seed: config.seed,
        namespace,
        referenceDate: new Date('2026-01-01T00:00:00Z'),
      }),
    ).rejects.toThrow(/would duplicate entries/);
  });

  it('writes a heavy account with every entry, owned by the first demo customer and funded', async () => {
    // Prepare
    const before = await ledgerTotals(6);

    // Act
    const heavy = await seedHeavyAccount(1_500, { namespace });

    // Assess
    const account = (await getItem<AccountItem>(keys.account(heavy.accountId)))!;
    const entries = await storedEntries(heavy.accountId);
    expect(entries).toHaveLength(1_500);
    expectConsistentLedger(account, entries);
    expect(account.ownerId).toBe(generateCustomer(config, 0).customer.customerId);
    expect(heavy).toMatchObject({
      created: true,
      balance: account.balance,
      accountNumber: account.accountNumber,
    });
    const after = await ledgerTotals(6);
    expect(after.funding).toBe(before.funding - account.balance);
  });
});
