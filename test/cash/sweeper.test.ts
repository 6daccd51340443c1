import { beforeAll, describe, expect, it } from 'vitest';
import { DISPENSE_TIMEOUT_MS } from '../../functions/domain/cash/rules.ts';
import { listEvents } from '../../functions/store/events.ts';
import { releaseExpiredHolds } from '../../functions/use-cases/cash/release-expired-holds.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { ledgerHistory } from '../ledger/fixtures.ts';
import { approve, funds, Terminal } from './terminal.ts';

const api = useGateway();

/** Just past the dispense timeout of a session approved now. */
const afterTimeout = () => new Date(Date.now() + DISPENSE_TIMEOUT_MS + 5_000);

describe('the cash sweeper', () => {
  let customer: TestCustomer;

  beforeAll(async () => {
    customer = await createCustomer([4_000_000]);
  });

  /** A fresh terminal client (the sweep is limited to it) with one session the customer approved. */
  async function approvedAtNewTerminal(amount: string) {
    const terminal = await Terminal.register(api.url);
    const session = await terminal.openSession();
    const approved = await approve(api.url, {
      Payload: session.Qr.Payload,
      Username: customer.username,
      AccountId: customer.accounts[0]!.accountId,
      Amount: amount,
    });
    expect(approved.status).toBe(201);
    return { terminal, sessionId: session.SessionId };
  }

  it('releases the hold of a session whose dispense report never came, and refuses the late report', async () => {
    // Prepare
    const accountId = customer.accounts[0]!.accountId;
    const before = await funds(accountId);
    const { terminal, sessionId } = await approvedAtNewTerminal('1500000');
    const whileHeld = await funds(accountId);
    const entries = (await ledgerHistory(accountId)).length;
    // Act
    const swept = await releaseExpiredHolds({ now: afterTimeout(), clientId: terminal.clientId });
    const late = await terminal.report(sessionId, 'Dispensed');
    // Assess
    expect(whileHeld.held).toBe(before.held + 1_500_000);
    expect(swept).toEqual({ expired: 0, released: 1, skipped: 0, failed: 0 });
    expect(await funds(accountId)).toEqual(before);
    expect((await terminal.poll(sessionId)).json.Data).toMatchObject({ Status: 'Expired' });
    expect(late.status).toBe(409);
    expect(late.json.Errors[0].ErrorCode).toBe('VN.OB.Cash.SessionExpired');
    expect(await ledgerHistory(accountId)).toHaveLength(entries);
    const { events } = await listEvents(terminal.clientId, { settleMs: 0, now: afterTimeout() });
    expect(events.map((event) => event.data.Status)).toEqual(['Approved', 'Expired']);
  });

  it('expires a code never approved, after which it cannot be approved', async () => {
    // Prepare
    const terminal = await Terminal.register(api.url);
    const session = await terminal.openSession();
    // Act
    const swept = await releaseExpiredHolds({
      now: new Date(Date.parse(session.ExpirationDateTime as string) + 1),
      clientId: terminal.clientId,
    });
    const approval = await approve(api.url, {
      Payload: session.Qr.Payload,
      Username: customer.username,
      AccountId: customer.accounts[0]!.accountId,
      Amount: '100000',
    });
    // Assess
    expect(swept).toEqual({ expired: 1, released: 0, skipped: 0, failed: 0 });
    expect((await terminal.poll(session.SessionId)).json.Data.Status).toBe('Expired');
    expect(approval.status).toBe(409);
    expect(approval.json.Errors[0].ErrorCode).toBe('VN.OB.Cash.SessionExpired');
  });

  it('leaves sessions within their deadlines alone', async () => {
    // Prepare
    const { terminal, sessionId } = await approvedAtNewTerminal('50000');
    const waiting = await terminal.openSession();
    // Act
    const swept = await releaseExpiredHolds({ now: new Date(), clientId: terminal.clientId });
    // Assess
    expect(swept).toEqual({ expired: 0, released: 0, skipped: 0, failed: 0 });
    expect((await terminal.poll(sessionId)).json.Data.Status).toBe('Approved');
    expect((await terminal.poll(waiting.SessionId)).json.Data.Status).toBe('AwaitingApproval');
    expect((await terminal.report(sessionId, 'Failed')).status).toBe(201);
  });

  it('never both books and releases when a late report races the sweeper', async () => {
    for (let round = 0; round < 3; round++) {
      // Prepare
      const accountId = customer.accounts[0]!.accountId;
      const before = await funds(accountId);
      const { terminal, sessionId } = await approvedAtNewTerminal('200000');
      // Act
      const [swept, report] = await Promise.all([
        releaseExpiredHolds({ now: afterTimeout(), clientId: terminal.clientId }),
        terminal.report(sessionId, 'Dispensed'),
      ]);
      // Assess: exactly one of them took effect, and the money agrees with the winner
      const after = await funds(accountId);
      const status = (await terminal.poll(sessionId)).json.Data.Status;
      if (report.status === 201) {
        expect(swept.released).toBe(0);
        expect(status).toBe('Completed');
        expect(after).toEqual({
          balance: before.balance - 200_000,
          held: before.held,
          available: before.available - 200_000,
        });
      } else {
        expect(report.status).toBe(409);
        expect(swept.released).toBe(1);
        expect(status).toBe('Expired');
        expect(after).toEqual(before);
      }
    }
  });
});
