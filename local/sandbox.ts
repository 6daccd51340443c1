/**
 * Sandbox preparation at start: seeds the demo data once per data directory and returns the
 * lines that tell a developer how to sign in (demo customers; demo clients are added through
 * `lines` providers by the areas that own them).
 */
import { SANDBOX_ONE_TIME_PASSWORD, SANDBOX_PASSWORD } from '../functions/domain/sandbox/credentials.ts';
import { customerProfile, DEMO_CUSTOMER_COUNT } from '../functions/domain/sandbox/customers.ts';
import { DEFAULT_SANDBOX_CUSTOMERS } from '../functions/domain/sandbox/dataset.ts';

/** Adds lines to the start-up banner (e.g. the demo OAuth clients). */
export type SandboxLineProvider = (context: { baseUrl: string }) => string[] | Promise<string[]>;

export interface PrepareSandboxOptions {
  baseUrl: string;
  /** Customers seeded on first start. */
  customers?: number;
  /** '' for the real sandbox; tests use their own. */
  namespace?: string;
  /** More banner lines, printed after the customers in this order. */
  lines?: SandboxLineProvider[];
  /** Where progress notes go (stderr by default, so stdout starts with the `ready` line). */
  log?: (message: string) => void;
}

/**
 * Seeds the sandbox unless its seed marker says it is there (first start, or an interrupted
 * seed, which simply runs again), then returns the banner lines.
 */
export async function prepareSandbox(options: PrepareSandboxOptions): Promise<string[]> {
  // Imported here, not at the top: the store's client must see the environment start.ts sets first.
  const { documents, mainTableName } = await import('../functions/store/client.ts');
  const { readSeedMarker } = await import('../functions/store/seed/seed-marker.ts');
  const { seedSandbox } = await import('../functions/store/seed/seed-sandbox.ts');
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const namespace = options.namespace ?? '';
  const tableName = mainTableName();

  let marker = await readSeedMarker(documents, tableName, namespace);
  if (!marker) {
    const customers = options.customers ?? DEFAULT_SANDBOX_CUSTOMERS;
    const started = Date.now();
    log(`sandbox: seeding ${customers} customers with 12 months of history (first start)…`);
    const summary = await seedSandbox({ customers, namespace });
    log(
      `sandbox: seeded ${summary.customers} customers, ${summary.accounts} accounts, ${summary.entries} ledger entries in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    marker = await readSeedMarker(documents, tableName, namespace);
    if (!marker) throw new Error('sandbox seed finished without its marker');
  }

  const demo = Array.from({ length: Math.min(DEMO_CUSTOMER_COUNT, marker.customers) }, (_, index) =>
    customerProfile(marker.seed, namespace, index),
  );
  const width = Math.max(...demo.map((customer) => customer.username.length), 8);
  const lines = [
    `sandbox customers (password '${SANDBOX_PASSWORD}', one-time password ${SANDBOX_ONE_TIME_PASSWORD}):`,
    ...demo.map(
      (customer) =>
        `  ${customer.username.padEnd(width)}  ${customer.name.full.padEnd(14)}  ${customer.accounts
          .map((account) => `${account.subType} ${account.accountNumber}`)
          .join(', ')}`,
    ),
    `sandbox: GET ${options.baseUrl}/sandbox/customers lists all ${marker.customers} sandbox customers with their accounts and balances`,
  ];
  for (const provider of options.lines ?? []) lines.push(...(await provider({ baseUrl: options.baseUrl })));
  return lines;
}
