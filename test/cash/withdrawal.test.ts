import jsqr from 'jsqr';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bankAccounts } from '../../functions/domain/ledger/accounts.ts';
import { decodeVietQr } from '../../functions/domain/vietqr/decode.ts';
import { listEvents } from '../../functions/store/events.ts';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { readShardedBalance } from '../../functions/store/ledger/shards.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import {
  getPosting,
  historyProblems,
  ledgerHistory,
  shardedHistory,
  shardedProblems,
} from '../ledger/fixtures.ts';
import { approve, funds, Terminal } from './terminal.ts';

// jsqr is CommonJS with a `default` property; typed as an ES module's default export.
const jsQR = jsqr.default;

const api = useGateway();

describe('cash withdrawal by QR, end to end', () => {
  let terminal: Terminal;
  let customer: TestCustomer;

  beforeAll(async () => {
    [terminal, customer] = await Promise.all([
      Terminal.register(api.url, 'HN-0042'),
      createCustomer([10_000_000]),
    ]);
  });

  it('opens a short-lived session showing a dynamic QRCASH code of the terminal', async () => {
    // Act
    const before = Date.now();
    const opened = await terminal.open({ Location: { Name: 'VietinBank Hoàn Kiếm', City: 'Hà Nội' } });
    // Assess
    expect(opened.status).toBe(201);
    const session = opened.json.Data;
    expect(session).toMatchObject({ TerminalId: 'HN-0042', Status: 'AwaitingApproval' });
    expect(session.SessionId).toMatch(/^cs-/);
    expect(opened.headers.get('location')).toBe(`${api.url}/v1/cash/sessions/${session.SessionId}`);
    const lifetime = Date.parse(session.ExpirationDateTime) - Date.parse(session.CreationDateTime);
    expect(lifetime).toBe(3 * 60_000);
    expect(Date.parse(session.CreationDateTime)).toBeGreaterThanOrEqual(before - 1000);
    const decoded = decodeVietQr(session.Qr.Payload);
    expect(decoded.valid).toBe(true);
    expect(decoded.fields).toMatchObject({
      pointOfInitiation: '12',
      bankBin: '970415',
      accountNumber: 'HN0042',
      service: 'QRCASH',
      merchantCategoryCode: '6011',
      terminal: 'HN-0042',
      reference: session.Reference,
      merchantName: 'VietinBank Hoan Kiem',
      city: 'Ha Noi',
    });
    expect(decoded.fields.amount).toBeUndefined();
    const image = PNG.sync.read(Buffer.from(session.Qr.Png, 'base64'));
    expect(jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data).toBe(session.Qr.Payload);
    expect(session.Qr.Svg).toMatch(/^<svg /);
  });

  it('holds the amount on approval, books it once on dispense and credits the ATM cash account', async () => {
    // Prepare
    const account = customer.accounts[0]!;
    const session = await terminal.openSession();
    const cashBefore = (await readShardedBalance(bankAccounts.atmCash)).balance;
    // Act: the customer scans and approves in the bank app
    const approval = await approve(api.url, {
      Payload: session.Qr.Payload,
      Username: customer.username,
      AccountId: account.accountId,
      Amount: '2000000',
    });
    const whileHeld = await funds(account.accountId);
    const polled = await terminal.poll(session.SessionId);
    // Act: the terminal dispenses and reports
    const reported = await terminal.report(session.SessionId, 'Dispensed');
    const after = await funds(account.accountId);
    const finalView = await terminal.poll(session.SessionId);
    // Assess: approval held the funds without booking them
    expect(approval.status).toBe(201);
    expect(approval.json.Data).toEqual({
      SessionId: session.SessionId,
      Status: 'Approved',
      AccountId: account.accountId,
      Amount: { Amount: '2000000', Currency: 'VND' },
    });
    expect(whileHeld).toEqual({ balance: 10_000_000, held: 2_000_000, available: 8_000_000 });
    expect(polled.json.Data).toMatchObject({
      Status: 'Approved',
      Amount: { Amount: '2000000', Currency: 'VND' },
    });
    // The terminal sees by when it must report: five minutes after the approval.
    expect(Date.parse(polled.json.Data.DispenseBy) - Date.parse(polled.json.Data.StatusUpdateDateTime)).toBe(
      5 * 60_000,
    );
    // Assess: the dispense booked exactly once
    expect(reported.status).toBe(201);
    expect(reported.json.Data).toMatchObject({
      SessionId: session.SessionId,
      TerminalId: 'HN-0042',
      Status: 'Completed',
      Amount: { Amount: '2000000', Currency: 'VND' },
    });
    expect(reported.json.Data.WithdrawalId).toMatch(/^cw-/);
    expect(after).toEqual({ balance: 8_000_000, held: 0, available: 8_000_000 });
    expect(finalView.json.Data).toMatchObject({
      Status: 'Completed',
      WithdrawalId: reported.json.Data.WithdrawalId,
    });
    // Assess: the statement line and the posting to the bank's cash account
    const history = await ledgerHistory(account.accountId);
    const line = history.at(-1)!;
    expect(line).toMatchObject({
      amount: 2_000_000,
      creditDebit: 'Debit',
      balanceAfter: 8_000_000,
      bankTransactionCode: { code: 'CCRD', subCode: 'CWDL' },
      merchant: { categoryCode: '6011' },
      reference: session.Reference,
    });
    const posting = await getPosting(line.postingId);
    expect(posting).toMatchObject({
      kind: 'cash-withdrawal',
      amount: 2_000_000,
      debitAccountId: account.accountId,
      creditAccountId: bankAccounts.atmCash,
      sourceId: reported.json.Data.WithdrawalId,
      clientId: terminal.clientId,
    });
    const cashEntries = (await shardedHistory(bankAccounts.atmCash)).filter(
      (e) => e.postingId === line.postingId,
    );
    // ATM cash is sharded: its side is one entry on the shard the posting names, with no running balance.
    expect(cashEntries).toMatchObject([
      { creditDebit: 'Credit', amount: 2_000_000, shard: posting!.creditShard },
    ]);
    expect((await readShardedBalance(bankAccounts.atmCash)).balance).toBeGreaterThanOrEqual(
      cashBefore + 2_000_000,
    );
  });

  it('releases the hold when the dispense fails, debiting nothing', async () => {
    // Prepare
    const account = customer.accounts[0]!;
    const before = await funds(account.accountId);
    const session = await terminal.openSession();
    await approve(api.url, {
      Payload: session.Qr.Payload,
      Username: customer.username,
      AccountId: account.accountId,
      Amount: '500000',
    });
    const whileHeld = await funds(account.accountId);
    const historyBefore = await ledgerHistory(account.accountId);
    // Act
    const reported = await terminal.report(session.SessionId, 'Failed', {
      FailureReason: 'Kẹt tiền ở khay nhả tiền',
    });
    // Assess
    expect(whileHeld.held).toBe(before.held + 500_000);
    expect(reported.status).toBe(201);
    expect(reported.json.Data).toMatchObject({
      Status: 'Reversed',
      Amount: { Amount: '500000', Currency: 'VND' },
      FailureReason: 'Kẹt tiền ở khay nhả tiền',
    });
    expect(await funds(account.accountId)).toEqual(before);
    expect(await ledgerHistory(account.accountId)).toEqual(historyBefore);
    expect((await terminal.poll(session.SessionId)).json.Data).toMatchObject({
      Status: 'Reversed',
      WithdrawalId: reported.json.Data.WithdrawalId,
    });
  });

  it('conserves money: the customer loses exactly what the cash account gains, and history explains every balance', async () => {
    // Prepare
    const saver = await createCustomer([3_000_000]);
    const account = saver.accounts[0]!;
    const postings: string[] = [];
    // Act: three withdrawals, one of them failing
    for (const [amount, outcome] of [
      ['1000000', 'Dispensed'],
      ['450000', 'Failed'],
      ['1500000', 'Dispensed'],
    ] as const) {
      const session = await terminal.openSession();
      const approved = await approve(api.url, {
        Payload: session.Qr.Payload,
        Username: saver.username,
        AccountId: account.accountId,
        Amount: amount,
      });
      expect(approved.status).toBe(201);
      const reported = await terminal.report(session.SessionId, outcome);
      expect(reported.status).toBe(201);
    }
    for (const entry of await ledgerHistory(account.accountId)) {
      if (entry.creditDebit === 'Debit') postings.push(entry.postingId);
    }
    // Assess
    const stored = (await getAccount(account.accountId))!;
    expect(stored).toMatchObject({ balance: 500_000, held: 0 });
    expect(historyProblems(stored, await ledgerHistory(account.accountId))).toEqual([]);
    expect(postings).toHaveLength(2);
    const cashEntries = (await shardedHistory(bankAccounts.atmCash)).filter((e) =>
      postings.includes(e.postingId),
    );
    expect(cashEntries.reduce((sum, e) => sum + e.amount, 0)).toBe(3_000_000 - 500_000);
    expect(await shardedProblems(bankAccounts.atmCash)).toEqual([]);
  });

  it("tells the terminal's client each status change as an event", async () => {
    // Prepare
    const watcher = await Terminal.register(api.url, 'DN0007');
    const session = await watcher.openSession();
    await approve(api.url, {
      Payload: session.Qr.Payload,
      Username: customer.username,
      AccountId: customer.accounts[0]!.accountId,
      Amount: '100000',
    });
    // Act
    await watcher.report(session.SessionId, 'Dispensed');
    // Assess
    const { events } = await listEvents(watcher.clientId, { settleMs: 0 });
    expect(events.map((event) => [event.eventType, event.data.Status, event.sequence])).toEqual([
      ['cash.session.approved', 'Approved', 2],
      ['cash.session.dispensed', 'Completed', 3],
    ]);
    expect(events.every((event) => event.resourceId === session.SessionId)).toBe(true);
    expect(events[1]!.data).toMatchObject({ SessionId: session.SessionId, Amount: { Amount: '100000' } });
  });
});
