import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeVietQr } from '../../functions/domain/vietqr/encode.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { approve, funds, Terminal } from './terminal.ts';

const api = useGateway();

/** The codes of an error envelope's `Errors`, with their paths. */
function errorsOf(json: { Errors: { ErrorCode: string; Path?: string }[] }) {
  return json.Errors.map((error) => [error.ErrorCode, error.Path]);
}

describe('what the bank app may not approve', () => {
  let terminal: Terminal;
  let customer: TestCustomer;
  let stranger: TestCustomer;

  beforeAll(async () => {
    [terminal, customer, stranger] = await Promise.all([
      Terminal.register(api.url, 'HCM0101'),
      createCustomer([6_000_000]),
      createCustomer([1_000_000]),
    ]);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  /** An approval of `payload` by the customer from their first account. */
  const approval = (payload: string, amount = '1000000') => ({
    Payload: payload,
    Username: customer.username,
    AccountId: customer.accounts[0]!.accountId,
    Amount: amount,
  });

  it.each([
    ['120000', 'VN.OB.Cash.AmountNotDispensable'],
    ['49999', 'VN.OB.Cash.AmountNotDispensable'],
    ['5050000', 'VN.OB.Cash.AmountOverLimit'],
    ['5000001', 'VN.OB.Cash.AmountOverLimit'],
    ['150000.5', 'UK.OBIE.Field.Invalid'],
    ['150.000', 'UK.OBIE.Field.Invalid'],
    ['-100000', 'UK.OBIE.Field.Invalid'],
    ['0', 'UK.OBIE.Field.Invalid'],
    [100000, 'UK.OBIE.Field.Invalid'],
  ])('refuses the amount %j with %s and holds nothing', async (amount, code) => {
    // Prepare
    const session = await terminal.openSession();
    const before = await funds(customer.accounts[0]!.accountId);
    // Act
    const result = await approve(api.url, { ...approval(session.Qr.Payload), Amount: amount });
    // Assess
    expect(result.status).toBe(400);
    expect(errorsOf(result.json)).toEqual([[code, 'Data.Amount']]);
    expect(result.json.Message).toMatch(/Data.Amount/);
    expect(await funds(customer.accounts[0]!.accountId)).toEqual(before);
    expect((await terminal.poll(session.SessionId)).json.Data.Status).toBe('AwaitingApproval');
  });

  it('accepts the largest withdrawal, 5,000,000 VND', async () => {
    const session = await terminal.openSession();
    const result = await approve(api.url, approval(session.Qr.Payload, '5000000'));
    expect(result.status).toBe(201);
    expect((await terminal.report(session.SessionId, 'Failed')).status).toBe(201);
  });

  it('lists every missing field at once', async () => {
    const result = await approve(api.url, { Password: undefined });
    expect(result.status).toBe(400);
    expect(errorsOf(result.json)).toEqual([
      ['UK.OBIE.Field.Missing', 'Data.Payload'],
      ['UK.OBIE.Field.Missing', 'Data.Username'],
      ['UK.OBIE.Field.Missing', 'Data.Password'],
      ['UK.OBIE.Field.Missing', 'Data.AccountId'],
      ['UK.OBIE.Field.Missing', 'Data.Amount'],
    ]);
  });

  it('refuses a body that is not JSON, or not an object, without a 500', async () => {
    const text = await fetch(`${api.url}/sandbox/cash-approvals`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'pay me',
    });
    const broken = await fetch(`${api.url}/sandbox/cash-approvals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"Data":',
    });
    const notData = await fetch(`${api.url}/sandbox/cash-approvals`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"Data":[1,2]}',
    });
    expect([text.status, broken.status, notData.status]).toEqual([415, 400, 400]);
  });

  it('refuses a code whose text was altered (wrong CRC) as an invalid code', async () => {
    // Prepare
    const session = await terminal.openSession();
    const payload = session.Qr.Payload.replace('HCM0101', 'HCM0102');
    // Act
    const result = await approve(api.url, approval(payload));
    // Assess
    expect(result.status).toBe(400);
    expect(errorsOf(result.json)).toEqual([['VN.OB.Cash.InvalidCode', 'Data.Payload']]);
    expect(result.json.Message).toMatch(/CRC/);
  });

  it('refuses a re-encoded code that keeps the reference but names another terminal', async () => {
    // Prepare: a forger re-computes the CRC after changing the terminal
    const session = await terminal.openSession();
    const forged = encodeVietQr({
      bankBin: '970415',
      accountNumber: 'HCM0666',
      service: 'QRCASH',
      reference: session.Reference as string,
      terminal: 'HCM0666',
    });
    if (!forged.ok) throw new Error('fixture');
    // Act
    const result = await approve(api.url, approval(forged.payload));
    // Assess
    expect(result.status).toBe(400);
    expect(errorsOf(result.json)).toEqual([['VN.OB.Cash.CodeMismatch', 'Data.Payload']]);
    expect((await terminal.poll(session.SessionId)).json.Data.Status).toBe('AwaitingApproval');
  });

  it('answers 404 for a well-formed cash code no terminal ever showed', async () => {
    const unknown = encodeVietQr({
      bankBin: '970415',
      accountNumber: 'HCM0101',
      service: 'QRCASH',
      reference: 'NEVERISSUED0000000000'.slice(0, 20),
      terminal: 'HCM0101',
    });
    if (!unknown.ok) throw new Error('fixture');
    const result = await approve(api.url, approval(unknown.payload));
    expect(result.status).toBe(404);
    expect(errorsOf(result.json)).toEqual([['VN.OB.Cash.UnknownCode', 'Data.Payload']]);
  });

  it.each([
    [
      'a transfer code',
      () => encodeVietQr({ bankBin: '970415', accountNumber: '113366668888', service: 'QRIBFTTA' }),
    ],
    [
      "another bank's cash code",
      () =>
        encodeVietQr({
          bankBin: '970436',
          accountNumber: 'VCB01',
          service: 'QRCASH',
          reference: 'ABC123',
          terminal: 'VCB01',
        }),
    ],
  ])('refuses %s as not a cash code of this bank', async (_, build) => {
    const code = build();
    if (!code.ok) throw new Error('fixture');
    const result = await approve(api.url, approval(code.payload));
    expect(result.status).toBe(400);
    expect(errorsOf(result.json)).toEqual([['VN.OB.Cash.NotCashCode', 'Data.Payload']]);
  });

  it.each(['hello', '000201', ' '.repeat(3)])('refuses the text %j as an invalid code', async (payload) => {
    const result = await approve(api.url, approval(payload));
    expect(result.status).toBe(400);
    expect(errorsOf(result.json)[0]![0]).toBe('VN.OB.Cash.InvalidCode');
  });

  it("refuses another customer's account, and an unknown customer as it refuses a wrong password", async () => {
    // Prepare
    const session = await terminal.openSession();
    // Act
    const foreign = await approve(api.url, {
      ...approval(session.Qr.Payload),
      AccountId: stranger.accounts[0]!.accountId,
    });
    const nobody = await approve(api.url, { ...approval(session.Qr.Payload), Username: 'no.such.customer' });
    // Assess
    expect(foreign.status).toBe(404);
    expect(errorsOf(foreign.json)).toEqual([['VN.OB.Cash.AccountNotFound', 'Data.AccountId']]);
    expect(nobody.status).toBe(403);
    expect(errorsOf(nobody.json)).toEqual([['VN.OB.Sandbox.InvalidCredentials', undefined]]);
    expect(await funds(stranger.accounts[0]!.accountId)).toEqual({
      balance: 1_000_000,
      held: 0,
      available: 1_000_000,
    });
  });

  it('refuses more than the available funds, and the code stays usable for less', async () => {
    // Prepare: the stranger has 1,000,000 VND
    const session = await terminal.openSession();
    const base = {
      Payload: session.Qr.Payload,
      Username: stranger.username,
      AccountId: stranger.accounts[0]!.accountId,
    };
    // Act
    const tooMuch = await approve(api.url, { ...base, Amount: '1050000' });
    const enough = await approve(api.url, { ...base, Amount: '1000000' });
    // Assess
    expect(tooMuch.status).toBe(400);
    expect(errorsOf(tooMuch.json)).toEqual([['VN.OB.Cash.InsufficientFunds', 'Data.Amount']]);
    expect(enough.status).toBe(201);
    expect(await funds(stranger.accounts[0]!.accountId)).toEqual({
      balance: 1_000_000,
      held: 1_000_000,
      available: 0,
    });
    await terminal.report(session.SessionId, 'Failed');
  });

  it('refuses a code once its approval window has ended, and the terminal sees it Expired', async () => {
    // Prepare
    const session = await terminal.openSession();
    const before = await funds(customer.accounts[0]!.accountId);
    // Act: a second after the window (no sweeper has run)
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse(session.ExpirationDateTime as string) + 1000);
    const late = await approve(api.url, approval(session.Qr.Payload));
    const polled = await terminal.poll(session.SessionId);
    // Assess
    expect(late.status).toBe(409);
    expect(errorsOf(late.json)).toEqual([['VN.OB.Cash.SessionExpired', undefined]]);
    expect(polled.json.Data).toMatchObject({
      Status: 'Expired',
      StatusUpdateDateTime: session.ExpirationDateTime,
    });
    expect(await funds(customer.accounts[0]!.accountId)).toEqual(before);
  });

  it('refuses a code used once already: the code is single use', async () => {
    // Prepare
    const session = await terminal.openSession();
    const first = await approve(api.url, approval(session.Qr.Payload, '100000'));
    const held = await funds(customer.accounts[0]!.accountId);
    // Act
    const again = await approve(api.url, approval(session.Qr.Payload, '100000'));
    const byAnother = await approve(api.url, {
      Payload: session.Qr.Payload,
      Username: stranger.username,
      AccountId: stranger.accounts[0]!.accountId,
      Amount: '100000',
    });
    await terminal.report(session.SessionId, 'Dispensed');
    const afterDispense = await approve(api.url, approval(session.Qr.Payload, '100000'));
    // Assess
    expect(first.status).toBe(201);
    for (const refused of [again, byAnother, afterDispense]) {
      expect(refused.status).toBe(409);
      expect(errorsOf(refused.json)).toEqual([['VN.OB.Cash.CodeAlreadyUsed', undefined]]);
    }
    expect((await funds(customer.accounts[0]!.accountId)).balance).toBe(held.balance - 100_000);
    expect((await funds(customer.accounts[0]!.accountId)).held).toBe(held.held - 100_000);
  });

  it('replays an approval retried with the same x-idempotency-key instead of refusing it', async () => {
    // Prepare
    const session = await terminal.openSession();
    const key = crypto.randomUUID();
    // Act
    const first = await approve(api.url, approval(session.Qr.Payload, '50000'), { 'x-idempotency-key': key });
    const retry = await approve(api.url, approval(session.Qr.Payload, '50000'), { 'x-idempotency-key': key });
    const other = await approve(api.url, approval(session.Qr.Payload, '100000'), {
      'x-idempotency-key': key,
    });
    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.json).toEqual(first.json);
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    expect(other.status).toBe(400);
    expect(errorsOf(other.json)).toEqual([['VN.OB.Idempotency.Mismatch', 'x-idempotency-key']]);
    await terminal.report(session.SessionId, 'Failed');
  });
});

describe('what a terminal may not ask', () => {
  let terminal: Terminal;

  beforeAll(async () => {
    terminal = await Terminal.register(api.url, 'HP0001');
  });

  it.each([
    [{ TerminalId: undefined }, [['UK.OBIE.Field.Missing', 'Data.TerminalId']]],
    [{ TerminalId: 'HN 0042' }, [['UK.OBIE.Field.Invalid', 'Data.TerminalId']]],
    [{ TerminalId: '---' }, [['UK.OBIE.Field.Invalid', 'Data.TerminalId']]],
    [{ TerminalId: 'A'.repeat(26) }, [['UK.OBIE.Field.Invalid', 'Data.TerminalId']]],
    [{ TerminalId: 42 }, [['UK.OBIE.Field.Invalid', 'Data.TerminalId']]],
    [{ Location: { City: 'Hà Nội' } }, [['UK.OBIE.Field.Missing', 'Data.Location.Name']]],
    [
      { Location: { Name: 'Bưu điện văn hoá xã Tân Phú Đông' } },
      [['UK.OBIE.Field.Invalid', 'Data.Location.Name']],
    ],
    [{ Location: 'Ha Noi' }, [['UK.OBIE.Field.Invalid', 'Data.Location']]],
    [{ Amount: '100000' }, [['UK.OBIE.Field.Unexpected', 'Data.Amount']]],
  ])('refuses opening a session with %j', async (data, errors) => {
    const result = await terminal.open(data);
    expect(result.status).toBe(400);
    expect(errorsOf(result.json)).toEqual(errors);
  });

  it('needs an x-idempotency-key to open a session', async () => {
    const result = await terminal.client.call(await terminal.accessToken(), 'POST', '/v1/cash/sessions', {
      Data: { TerminalId: 'HP0001' },
    });
    expect(result.status).toBe(400);
    expect(errorsOf(result.json)).toEqual([['UK.OBIE.Header.Missing', 'x-idempotency-key']]);
  });

  it('replays an opening retried with the same key: one session, one code', async () => {
    const key = crypto.randomUUID();
    const first = await terminal.open({}, key);
    const retry = await terminal.open({}, key);
    expect(first.status).toBe(201);
    expect(retry.json.Data.SessionId).toBe(first.json.Data.SessionId);
    expect(retry.json.Data.Qr.Payload).toBe(first.json.Data.Qr.Payload);
  });

  it.each([
    [{ Outcome: 'Maybe' }, [['UK.OBIE.Field.Invalid', 'Data.Outcome']]],
    [{ Outcome: 'Dispensed', FailureReason: 'none' }, [['UK.OBIE.Field.Unexpected', 'Data.FailureReason']]],
    [
      { Outcome: 'Failed', FailureReason: 'x'.repeat(141) },
      [['UK.OBIE.Field.Invalid', 'Data.FailureReason']],
    ],
    [{ Outcome: undefined }, [['UK.OBIE.Field.Missing', 'Data.Outcome']]],
  ])('refuses the report %j', async (data, errors) => {
    const session = await terminal.openSession();
    const result = await terminal.report(session.SessionId, data.Outcome as string, data);
    expect(result.status).toBe(400);
    expect(errorsOf(result.json)).toEqual(errors);
  });

  it('refuses a report on a session not yet approved, and on one that does not exist', async () => {
    const session = await terminal.openSession();
    const early = await terminal.report(session.SessionId, 'Dispensed');
    const unknown = await terminal.report('cs-00000000-0000-4000-8000-000000000000', 'Dispensed');
    const malformed = await terminal.report('not a session id!', 'Dispensed');
    expect(early.status).toBe(409);
    expect(errorsOf(early.json)).toEqual([['VN.OB.Cash.SessionNotApproved', undefined]]);
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(errorsOf(malformed.json)).toEqual([['UK.OBIE.Field.Invalid', 'Data.SessionId']]);
  });
});
