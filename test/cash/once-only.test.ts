import { beforeAll, describe, expect, it } from 'vitest';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { historyProblems, ledgerHistory } from '../ledger/fixtures.ts';
import { approve, funds, Terminal } from './terminal.ts';

const api = useGateway();

describe('cash is dispensed and booked once only', () => {
  let terminal: Terminal;
  let customer: TestCustomer;

  beforeAll(async () => {
    [terminal, customer] = await Promise.all([
      Terminal.register(api.url, 'CT0300'),
      createCustomer([5_000_000]),
    ]);
  });

  /** A session the customer approved for `amount`. */
  async function approvedSession(amount: string, who: TestCustomer = customer) {
    const session = await terminal.openSession();
    const approved = await approve(api.url, {
      Payload: session.Qr.Payload,
      Username: who.username,
      AccountId: who.accounts[0]!.accountId,
      Amount: amount,
    });
    expect(approved.status).toBe(201);
    return session.SessionId;
  }

  it('books one of six concurrent reports (four Dispensed, two Failed) and refuses the rest', async () => {
    // Prepare
    const accountId = customer.accounts[0]!.accountId;
    const sessionId = await approvedSession('1000000');
    const before = await funds(accountId);
    const historyBefore = (await ledgerHistory(accountId)).length;
    // Act
    const outcomes = ['Dispensed', 'Failed', 'Dispensed', 'Dispensed', 'Failed', 'Dispensed'];
    const reports = await Promise.all(outcomes.map((outcome) => terminal.report(sessionId, outcome)));
    // Assess
    const won = reports.filter((report) => report.status === 201);
    // Statuses and codes compared whole, so that a failure shows what the odd answer was.
    const answers = reports.map((report) =>
      `${report.status} ${report.json.Errors?.[0]?.ErrorCode ?? ''}`.trim(),
    );
    expect(answers.sort()).toEqual(['201', ...Array(5).fill('409 VN.OB.Cash.AlreadyReported')]);
    const winner = won[0]!.json.Data;
    const after = await funds(accountId);
    const history = await ledgerHistory(accountId);
    if (winner.Status === 'Completed') {
      expect(after).toEqual({
        balance: before.balance - 1_000_000,
        held: 0,
        available: before.balance - 1_000_000,
      });
      expect(history).toHaveLength(historyBefore + 1);
    } else {
      expect(after).toEqual({ balance: before.balance, held: 0, available: before.balance });
      expect(history).toHaveLength(historyBefore);
    }
    expect(historyProblems((await getAccount(accountId))!, history)).toEqual([]);
    expect((await terminal.poll(sessionId)).json.Data).toMatchObject({
      Status: winner.Status,
      WithdrawalId: winner.WithdrawalId,
    });
  });

  it('answers a second report of a completed session with 409 and books nothing more', async () => {
    // Prepare
    const accountId = customer.accounts[0]!.accountId;
    const sessionId = await approvedSession('200000');
    const first = await terminal.report(sessionId, 'Dispensed');
    const afterFirst = await funds(accountId);
    // Act
    const again = await terminal.report(sessionId, 'Dispensed');
    const failedLater = await terminal.report(sessionId, 'Failed');
    // Assess
    expect(first.status).toBe(201);
    expect([again.status, failedLater.status]).toEqual([409, 409]);
    expect(again.json.Errors[0].ErrorCode).toBe('VN.OB.Cash.AlreadyReported');
    expect(await funds(accountId)).toEqual(afterFirst);
  });

  it('replays the first report to a retry under the same x-idempotency-key', async () => {
    // Prepare
    const accountId = customer.accounts[0]!.accountId;
    const sessionId = await approvedSession('300000');
    const key = crypto.randomUUID();
    // Act
    const [a, b] = await Promise.all([
      terminal.report(sessionId, 'Dispensed', {}, key),
      terminal.report(sessionId, 'Dispensed', {}, key),
    ]);
    const later = await terminal.report(sessionId, 'Dispensed', {}, key);
    // Assess: one executed; a concurrent duplicate is told to retry, a later one gets the same answer
    const statuses = [a.status, b.status].sort();
    expect(statuses[0]).toBe(201);
    expect([201, 409]).toContain(statuses[1]);
    expect(later.status).toBe(201);
    expect(later.headers.get('x-idempotent-replayed')).toBe('true');
    expect(later.json.Data.WithdrawalId).toBe((a.status === 201 ? a : b).json.Data.WithdrawalId);
    const debits = (await ledgerHistory(accountId)).filter((e) => e.reference && e.amount === 300_000);
    expect(debits).toHaveLength(1);
  });

  it('lets only one of two customers approving the same code at once hold funds', async () => {
    // Prepare
    const other = await createCustomer([2_000_000]);
    const session = await terminal.openSession();
    // Act
    const results = await Promise.all(
      [customer, other].map((who) =>
        approve(api.url, {
          Payload: session.Qr.Payload,
          Username: who.username,
          AccountId: who.accounts[0]!.accountId,
          Amount: '500000',
        }),
      ),
    );
    // Assess
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const held = await Promise.all(
      [customer, other].map(async (who) => (await funds(who.accounts[0]!.accountId)).held),
    );
    expect(held.filter((amount) => amount === 500_000)).toHaveLength(1);
    expect(held.filter((amount) => amount === 0)).toHaveLength(1);
    await terminal.report(session.SessionId, 'Failed');
  });
});
