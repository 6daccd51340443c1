import { describe, expect, it } from 'vitest';
import { HoldStateError } from '#domain/ledger/errors.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { placeHold, releaseHold, settleHold } from '#store/ledger/holds.ts';
import {
  balancesOf,
  failed,
  fund,
  historyProblems,
  inParallel,
  ledgerHistory,
  openFundingAccount,
  openTestAccount,
  testId,
} from '../ledger/fixtures.ts';

const OPENING = 1_000_000;
const AMOUNT = 400_000;
/**
 * Holds raced, each by eight callers started at once. A torn read is a matter of timing: before
 * the fix, 40 races surfaced one in about 8 runs of 10, 60 races in every run of 14.
 */
const ROUNDS = 60;
/** Races run at a time, so the engine is busy as under a real load. */
const PARALLEL = 4;

/** Every answer a caller may get; the cash use cases turn each into the right response. */
const DEFINED = [
  'settled',
  'already settled',
  'settle refused',
  'released',
  'already released',
  'release refused',
  'placed before',
];

/** What a call answered, as the cash use cases read it; anything else (a 500) is named as it is. */
function outcomeOf(kind: 'settle' | 'release' | 'place', answer: unknown): string {
  if (answer instanceof HoldStateError) return `${kind} refused`;
  if (answer instanceof Error) return `${kind} threw ${answer.name}: ${answer.message}`;
  const result = answer as { settled?: boolean; released?: boolean; created?: boolean };
  if (kind === 'settle') return result.settled ? 'settled' : 'already settled';
  if (kind === 'release') return result.released ? 'released' : 'already released';
  return result.created ? 'placed again' : 'placed before';
}

/** One hold on a fresh account, settled, released and re-approved by eight callers at once. */
async function race() {
  const funding = await openFundingAccount();
  const customer = testId('customer');
  const atmCash = testId('atm-cash');
  await Promise.all([openTestAccount(customer), openTestAccount(atmCash)]);
  await fund(funding, customer, OPENING);
  const holdId = testId('hold');
  const hold = { holdId, accountId: customer, amount: AMOUNT, kind: 'cash-withdrawal' };
  await placeHold(hold);
  const transfer = {
    kind: 'cash-withdrawal',
    debit: { accountId: customer, description: 'Rut tien mat tai ATM' },
    credit: { accountId: atmCash, description: 'Chi tien mat ATM' },
  };
  const settle = () => settleHold({ holdId, transfer });
  const release = () => releaseHold({ holdId, accountId: customer });
  const approve = () => placeHold(hold);
  // Settles and releases interleaved, so readers are mid-BatchGetItem when the winner commits.
  const contenders = [
    ['settle', settle],
    ['release', release],
    ['settle', settle],
    ['release', release],
    ['place', approve],
    ['settle', settle],
    ['release', release],
    ['place', approve],
  ] as const;
  const outcomes = await Promise.all(
    contenders.map(([kind, call]) =>
      (call() as Promise<unknown>).catch(failed).then((a) => outcomeOf(kind, a)),
    ),
  );
  const balances = await balancesOf([funding, customer, atmCash]);
  const problems = historyProblems((await getAccount(customer))!, await ledgerHistory(customer));
  return { outcomes, balances, customer, atmCash, funding, problems };
}

describe('hold settlement racing release', () => {
  it('answers every concurrent settle, release and re-approval of one hold, and moves its money once', async () => {
    // Act
    const races = await inParallel(
      Array.from({ length: ROUNDS }, () => race),
      PARALLEL,
    );
    // Assess: every caller got a defined answer (a torn read surfaced as a 500 before)
    const undefinedAnswers = races.flatMap((r) => r.outcomes.filter((o) => !DEFINED.includes(o)));
    expect(undefinedAnswers).toEqual([]);
    for (const { outcomes, balances, customer, atmCash, funding, problems } of races) {
      // Assess: one winner; the losers agree with it
      const settled = outcomes.filter((o) => o === 'settled').length;
      const released = outcomes.filter((o) => o === 'released').length;
      expect(settled + released).toBe(1);
      const lost = settled ? ['already released', 'settle refused'] : ['already settled', 'release refused'];
      expect(outcomes.filter((o) => lost.includes(o))).toEqual([]);
      // Assess: money moved once (or not at all) and is conserved
      const moved = settled ? AMOUNT : 0;
      expect(balances.get(customer)).toEqual({ balance: OPENING - moved, held: 0 });
      expect(balances.get(atmCash)).toEqual({ balance: moved, held: 0 });
      expect(balances.get(funding)!.balance + OPENING).toBe(0);
      expect(problems).toEqual([]);
    }
  }, 90_000);
});
