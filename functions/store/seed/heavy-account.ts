import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fundingAccount } from '#domain/sandbox/bank-accounts.ts';
import { customerProfile } from '#domain/sandbox/customers.ts';
import { DEFAULT_SANDBOX_SEED, defaultReferenceDate } from '#domain/sandbox/dataset.ts';
import { heavyAccount } from '#domain/sandbox/heavy.ts';
import { historyWindow } from '#domain/sandbox/history.ts';
import { documents, mainTableName } from '../client.ts';
import { BatchWriter } from './batch-writer.ts';
import { openFundedAccounts } from './funded-accounts.ts';
import { entryRecord } from './sandbox-items.ts';
import { readSeedMarker } from './seed-marker.ts';

export interface HeavyAccountOptions {
  /** The sandbox it belongs to ('' by default); its seed and reference date are reused when seeded. */
  namespace?: string;
  seed?: string;
  referenceDate?: Date;
  /** Owner of the account; the first demo customer (`an.nguyen`) by default. */
  owner?: { customerId: string; name: string };
  concurrency?: number;
  onProgress?: (progress: { written: number; total: number }) => void;
  client?: DynamoDBDocumentClient;
  tableName?: string;
}

export interface HeavyAccountSummary {
  accountId: string;
  accountNumber: string;
  ownerId: string;
  entries: number;
  balance: number;
  /** False when the account existed already (its entries were rewritten identically). */
  created: boolean;
}

/**
 * Writes one account with `count` ledger entries over 12 months (for the AIS paging benchmark),
 * entries first, then the account, funded like every seeded account. Deterministic and idempotent.
 *
 * @example
 * const { accountId } = await seedHeavyAccount(1_000_000, { onProgress: console.log });
 */
export async function seedHeavyAccount(
  count: number,
  options: HeavyAccountOptions = {},
): Promise<HeavyAccountSummary> {
  const client = options.client ?? documents;
  const tableName = options.tableName ?? mainTableName();
  const namespace = options.namespace ?? '';
  const marker = await readSeedMarker(client, tableName, namespace);
  const seed = options.seed ?? marker?.seed ?? DEFAULT_SANDBOX_SEED;
  const referenceDate =
    options.referenceDate ?? (marker ? new Date(marker.referenceDate) : defaultReferenceDate());
  const owner =
    options.owner ??
    (() => {
      const demo = customerProfile(seed, namespace, 0);
      return { customerId: demo.customerId, name: demo.name.full };
    })();

  const heavy = heavyAccount({ seed, namespace, referenceDate }, count, owner);
  const writer = new BatchWriter({
    client,
    tableName,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    onWritten: (written) => options.onProgress?.({ written, total: count + 1 }),
  });
  const entries = heavy.entries();
  let step = entries.next();
  while (!step.done) {
    await writer.put(entryRecord(step.value));
    step = entries.next();
  }
  await writer.close();
  const account = { ...heavy.account, balance: step.value };
  const openedAt = new Date(historyWindow(referenceDate).start).toISOString();
  const created = await openFundedAccounts(client, tableName, [account], fundingAccount(namespace, openedAt));
  options.onProgress?.({ written: count + 1, total: count + 1 });
  return {
    accountId: account.accountId,
    accountNumber: account.accountNumber,
    ownerId: account.ownerId,
    entries: count,
    balance: account.balance,
    created: created.length === 1,
  };
}
