import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AccountItem } from '#domain/ledger/entities.ts';
import { hashPassword } from '#domain/passwords.ts';
import { clearingAccount, fundingAccount } from '#domain/sandbox/bank-accounts.ts';
import { SANDBOX_PASSWORD } from '#domain/sandbox/credentials.ts';
import {
  DEFAULT_SANDBOX_SEED,
  defaultReferenceDate,
  generateCustomer,
  SANDBOX_DATA_VERSION,
  type SandboxConfig,
} from '#domain/sandbox/dataset.ts';
import { historyWindow } from '#domain/sandbox/history.ts';
import { documents, mainTableName } from '../client.ts';
import { BatchWriter } from './batch-writer.ts';
import { ACCOUNTS_PER_TRANSACTION, ensureBankAccount, openFundedAccounts } from './funded-accounts.ts';
import { customerRecord, entryRecord } from './sandbox-items.ts';
import { readSeedMarker, type SeedMarker, writeSeedMarker } from './seed-marker.ts';

interface SeedProgress {
  /** Items stored so far. */
  written: number;
  /** Items this run will store: an estimate from the customers generated so far, exact at the end. */
  total: number;
}

export interface SeedSandboxOptions {
  /** Customers 0 … customers-1 (the first three are the demo customers). */
  customers: number;
  seed?: string;
  /** '' (default) for the sandbox itself; tests pass their own to stay apart in a shared table. */
  namespace?: string;
  /** End of the 12 months of history; defaults to the dataset's earlier seed, else the start of today. */
  referenceDate?: Date;
  /** BatchWriteItem calls in flight. */
  concurrency?: number;
  onProgress?: (progress: SeedProgress) => void;
  client?: DynamoDBDocumentClient;
  tableName?: string;
}

export interface SeedSummary {
  seed: string;
  namespace: string;
  referenceDate: string;
  customers: number;
  accounts: number;
  entries: number;
  /** Accounts created by this run (existing ones are left as they are). */
  accountsOpened: number;
  /** Money this run moved from the funding account into new accounts. */
  funded: number;
}

/** Which reference date a seed uses: the dataset's own once it exists, so entries never duplicate. */
function referenceDateFor(marker: SeedMarker | undefined, options: SeedSandboxOptions, seed: string): Date {
  if (!marker) return options.referenceDate ?? defaultReferenceDate();
  if (marker.seed !== seed) {
    throw new Error(
      `This table already holds sandbox data seeded with '${marker.seed}'${marker.namespace ? ` in namespace '${marker.namespace}'` : ''}; ` +
        `seeding '${seed}' on top would mix two datasets. Use that seed, another namespace, or a fresh data directory.`,
    );
  }
  if (options.referenceDate && options.referenceDate.toISOString() !== marker.referenceDate) {
    throw new Error(
      `This sandbox's history ends at ${marker.referenceDate}; a different reference date would duplicate entries. ` +
        'Omit it, or use a fresh data directory.',
    );
  }
  return new Date(marker.referenceDate);
}

/**
 * Seeds the sandbox: customers (password `sandbox`, hashed once for all), their accounts and
 * 12 months of ledger history, then the seed marker, written last.
 *
 * Ledger conventions: seeded history is written for the customer side only. Each entry names a
 * posting id, but no posting items and no funding-side entries are written (a million funding
 * entries on one partition would be useless). Instead the bank's `SANDBOX-FUNDING` account is
 * debited by each new account's closing balance in the transaction that creates the account,
 * so the sum of all balances is 0. Every account's balance is the `balanceAfter` of its newest
 * entry. Entries and customers are written first and an account only once its entries are
 * stored, so a visible account always has its full history.
 *
 * Idempotent: everything is deterministic, so re-running (after an interruption, or with more
 * customers) rewrites identical items and creates only the accounts that are missing.
 */
export async function seedSandbox(options: SeedSandboxOptions): Promise<SeedSummary> {
  if (!Number.isInteger(options.customers) || options.customers < 0) {
    throw new Error(`customers must be a whole number ≥ 0, got ${options.customers}`);
  }
  const client = options.client ?? documents;
  const tableName = options.tableName ?? mainTableName();
  const namespace = options.namespace ?? '';
  const seed = options.seed ?? DEFAULT_SANDBOX_SEED;
  const marker = await readSeedMarker(client, tableName, namespace);
  const config: SandboxConfig = { seed, namespace, referenceDate: referenceDateFor(marker, options, seed) };
  const openedAt = new Date(historyWindow(config.referenceDate).start).toISOString();
  const funding = fundingAccount(namespace, openedAt);
  // The clearing account belongs to the real sandbox only; test namespaces never need it.
  if (namespace === '') await ensureBankAccount(client, tableName, clearingAccount(namespace, openedAt));
  const passwordHash = await hashPassword(SANDBOX_PASSWORD);

  const summary: SeedSummary = {
    seed,
    namespace,
    referenceDate: config.referenceDate.toISOString(),
    customers: options.customers,
    accounts: 0,
    entries: 0,
    accountsOpened: 0,
    funded: 0,
  };
  let generatedItems = 0;
  let accountsDone = 0;
  let total = 0;
  const report = () => options.onProgress?.({ written: writer.written + accountsDone, total });
  const writer = new BatchWriter({
    client,
    tableName,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    onWritten: report,
  });

  // Accounts are opened in order, one transaction at a time, each after its entries are stored.
  let accountLane: Promise<void> = Promise.resolve();
  let laneFailure: { error: unknown } | undefined;
  let group: AccountItem[] = [];
  const openGroup = () => {
    const accounts = group;
    group = [];
    const stored = writer.barrier();
    stored.catch(() => {}); // the lane below reports it
    accountLane = accountLane
      .then(() => stored)
      .then(() => openFundedAccounts(client, tableName, accounts, funding))
      .then((opened) => {
        summary.accountsOpened += opened.length;
        summary.funded += opened.reduce((sum, account) => sum + account.balance, 0);
        accountsDone += accounts.length;
        report();
      });
    accountLane.catch((error: unknown) => {
      laneFailure ??= { error };
    });
  };

  for (let index = 0; index < options.customers; index++) {
    if (laneFailure) throw laneFailure.error;
    const generated = generateCustomer(config, index);
    await writer.put(customerRecord(generated.customer, passwordHash, namespace, index));
    for (const { account, entries } of generated.accounts) {
      for (const entry of entries) await writer.put(entryRecord(entry));
      summary.accounts += 1;
      summary.entries += entries.length;
      generatedItems += 1 + entries.length;
      group.push(account);
      if (group.length === ACCOUNTS_PER_TRANSACTION) openGroup();
    }
    generatedItems += 1;
    total = Math.round(generatedItems + ((options.customers - index - 1) * generatedItems) / (index + 1));
  }
  if (group.length > 0) openGroup();
  await writer.close();
  await accountLane;
  total = writer.written + accountsDone;
  report();

  await writeSeedMarker(client, tableName, {
    type: 'SandboxSeed',
    version: SANDBOX_DATA_VERSION,
    seed,
    namespace,
    referenceDate: config.referenceDate.toISOString(),
    customers: Math.max(marker?.customers ?? 0, options.customers),
    seededAt: new Date().toISOString(),
  });
  return summary;
}
