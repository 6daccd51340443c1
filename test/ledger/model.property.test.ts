import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccountDisabledError,
  AccountNotFoundError,
  HoldNotFoundError,
  HoldStateError,
  InsufficientFundsError,
} from '#domain/ledger/errors.ts';
import { type ModelOutcome, ReferenceLedger } from '#domain/ledger/reference-model.ts';
import { getAccount } from '#store/ledger/accounts.ts';
import { placeHold, releaseHold, settleHold } from '#store/ledger/holds.ts';
import { postTransfer } from '#store/ledger/transfer.ts';
import {
  balancesOf,
  historyProblems,
  ledgerHistory,
  openFundingAccount,
  openTestAccount,
  testId,
} from './fixtures.ts';

/** Account slots: three plain, one with an overdraft, one disabled, one that does not exist. */
const SLOTS = 6;
const HOLD_SLOTS = 3;

type Op =
  | { op: 'transfer'; from: number; to: number; amount: number }
  | { op: 'place'; hold: number; account: number; amount: number }
  | { op: 'settle'; hold: number; account: number; to: number }
  | { op: 'release'; hold: number; account: number };

const slot = fc.integer({ min: 0, max: SLOTS - 1 });
const holdSlot = fc.integer({ min: 0, max: HOLD_SLOTS - 1 });
const amount = fc.oneof(fc.integer({ min: 1, max: 150_000 }), fc.constantFrom(1, 100_000, 250_000));
const operation: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('transfer' as const), from: slot, to: slot, amount }) },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('place' as const), hold: holdSlot, account: slot, amount }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('settle' as const), hold: holdSlot, account: slot, to: slot }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), hold: holdSlot, account: slot }) },
);

/** The store's answer in the model's vocabulary. */
async function outcomeOf(run: () => Promise<ModelOutcome>): Promise<ModelOutcome> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InsufficientFundsError) return 'InsufficientFunds';
    if (error instanceof AccountNotFoundError) return 'AccountNotFound';
    if (error instanceof AccountDisabledError) return 'AccountDisabled';
    if (error instanceof HoldNotFoundError) return 'HoldNotFound';
    if (error instanceof HoldStateError) return 'HoldState';
    throw error;
  }
}

/** A fresh set of accounts in the store and the model, funded alike. */
async function openWorld() {
  const model = new ReferenceLedger();
  const funding = await openFundingAccount();
  model.open(funding, { overdraftLimit: Number.MAX_SAFE_INTEGER });
  const ids = Array.from({ length: SLOTS }, () => testId('prop'));
  const options = [{}, {}, {}, { overdraftLimit: 50_000 }, { status: 'Disabled' as const }];
  await Promise.all(options.map((o, i) => openTestAccount(ids[i]!, o)));
  options.forEach((o, i) => {
    model.open(ids[i]!, { overdraftLimit: o.overdraftLimit ?? 0, enabled: o.status !== 'Disabled' });
  });
  for (const [i, opening] of [200_000, 100_000, 0, 0].entries()) {
    if (opening === 0) continue;
    await postTransfer({
      kind: 'sandbox-funding',
      amount: opening,
      debit: { accountId: funding, description: 'Cap von' },
      credit: { accountId: ids[i]!, description: 'Nap tien' },
    });
    model.transfer(funding, ids[i]!, opening);
  }
  return { model, funding, ids, holdIds: Array.from({ length: HOLD_SLOTS }, () => testId('hold')) };
}

describe('ledger store against the reference model', () => {
  it('agrees with the in-memory model on every outcome and every balance for random operation sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 20 }), async (ops) => {
        // Prepare
        const { model, funding, ids, holdIds } = await openWorld();
        const distinct = (a: number, b: number) => (a === b ? (b + 1) % SLOTS : b);
        // Act
        for (const step of ops) {
          let expected: ModelOutcome;
          let actual: ModelOutcome;
          if (step.op === 'transfer') {
            const from = ids[step.from]!;
            const to = ids[distinct(step.from, step.to)]!;
            expected = model.transfer(from, to, step.amount);
            actual = await outcomeOf(async () => {
              await postTransfer({
                kind: 'domestic-payment',
                amount: step.amount,
                debit: { accountId: from, description: 'Chuyen' },
                credit: { accountId: to, description: 'Nhan' },
              });
              return 'Posted';
            });
          } else if (step.op === 'place') {
            const input = {
              holdId: holdIds[step.hold]!,
              accountId: ids[step.account]!,
              amount: step.amount,
              kind: 'cash-withdrawal',
            };
            expected = model.placeHold(input.holdId, input.accountId, input.amount);
            actual = await outcomeOf(async () =>
              (await placeHold(input)).created ? 'HoldPlaced' : 'HoldUnchanged',
            );
          } else if (step.op === 'settle') {
            const holdId = holdIds[step.hold]!;
            const account = ids[step.account]!;
            const to = ids[distinct(step.account, step.to)]!;
            expected = model.settleHold(holdId, account, to);
            actual = await outcomeOf(async () => {
              const result = await settleHold({
                holdId,
                transfer: {
                  kind: 'cash-withdrawal',
                  debit: { accountId: account, description: 'Rut tien' },
                  credit: { accountId: to, description: 'Chi tien' },
                },
              });
              return result.settled ? 'HoldSettled' : 'HoldUnchanged';
            });
          } else {
            const input = { holdId: holdIds[step.hold]!, accountId: ids[step.account]! };
            expected = model.releaseHold(input.holdId, input.accountId);
            actual = await outcomeOf(async () =>
              (await releaseHold(input)).released ? 'HoldReleased' : 'HoldUnchanged',
            );
          }
          // Assess each step
          expect(actual, JSON.stringify(step)).toBe(expected);
        }
        // Assess the end state
        const stored = await balancesOf([funding, ...ids.slice(0, 5)]);
        const modelled = model.snapshot();
        for (const [id, state] of stored) expect(state, id).toEqual(modelled.get(id));
        expect([...stored.values()].reduce((sum, s) => sum + s.balance, 0)).toBe(0);
        for (const id of ids.slice(0, 4)) {
          expect(historyProblems((await getAccount(id))!, await ledgerHistory(id))).toEqual([]);
        }
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
