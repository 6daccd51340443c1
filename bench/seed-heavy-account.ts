/**
 * `npx tsx bench/seed-heavy-account.ts [entries=1000000] [seed options…]`: the default sandbox
 * plus one account with that many ledger entries, for the AIS paging benchmark. A thin wrapper
 * over `npm run sandbox:seed -- --customers 20 --heavy-account <entries>`; bench code in-process
 * calls `seedHeavyAccount` from functions/store/seed/heavy-account.ts directly.
 */
import { DEFAULT_SANDBOX_CUSTOMERS } from '../functions/domain/sandbox/dataset.ts';
import { runSeedCommand } from '../scripts/seed.ts';

const [first, ...rest] = process.argv.slice(2);
const entries = first && /^\d+$/.test(first) ? first : '1000000';
const options = first && /^\d+$/.test(first) ? rest : process.argv.slice(2);

await runSeedCommand([
  '--customers',
  String(DEFAULT_SANDBOX_CUSTOMERS),
  '--heavy-account',
  entries,
  ...options,
]);
