import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, TEST_PASSWORD, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { approve, funds, Terminal } from './terminal.ts';

const api = useGateway();

describe('the sandbox bank app signs the customer in before approving cash', () => {
  let terminal: Terminal;
  let victim: TestCustomer;

  beforeAll(async () => {
    [terminal, victim] = await Promise.all([
      Terminal.register(api.url, 'DN0909'),
      createCustomer([3_000_000]),
    ]);
  });

  /** The victim's account and username, with whatever password the caller knows. */
  const approval = (payload: string, credentials: Record<string, unknown>) => ({
    Payload: payload,
    Username: victim.username,
    AccountId: victim.accounts[0]!.accountId,
    Amount: '1000000',
    ...credentials,
  });

  const untouched = { balance: 3_000_000, held: 0, available: 3_000_000 };

  it('refuses an approval without the password, and holds nothing', async () => {
    // Prepare
    const session = await terminal.openSession();
    // Act
    const result = await approve(api.url, approval(session.Qr.Payload, { Password: undefined }));
    // Assess
    expect(result.status).toBe(400);
    expect(result.json.Errors).toEqual([
      expect.objectContaining({ ErrorCode: 'UK.OBIE.Field.Missing', Path: 'Data.Password' }),
    ]);
    expect(await funds(victim.accounts[0]!.accountId)).toEqual(untouched);
    expect((await terminal.poll(session.SessionId)).json.Data.Status).toBe('AwaitingApproval');
  });

  it('refuses a wrong password and an unknown username with the same answer, and holds nothing', async () => {
    // Prepare
    const session = await terminal.openSession();
    // Act
    const wrongPassword = await approve(api.url, approval(session.Qr.Payload, { Password: 'sandbox' }));
    const unknownUser = await approve(
      api.url,
      approval(session.Qr.Payload, { Username: 'nobody.at.all', Password: 'sandbox' }),
    );
    const emptyish = await approve(api.url, approval(session.Qr.Payload, { Password: ' ' }));
    // Assess
    for (const refused of [wrongPassword, unknownUser, emptyish]) {
      expect(refused.status).toBe(403);
      expect(refused.json.Errors).toEqual([
        { ErrorCode: 'VN.OB.Sandbox.InvalidCredentials', Message: expect.stringMatching(/password/) },
      ]);
    }
    expect(unknownUser.json.Message).toBe(wrongPassword.json.Message);
    expect(await funds(victim.accounts[0]!.accountId)).toEqual(untouched);
    expect((await terminal.poll(session.SessionId)).json.Data.Status).toBe('AwaitingApproval');
  });

  it('refuses before looking at the code: a wrong password on an unknown code says nothing of the code', async () => {
    const result = await approve(api.url, approval('not a code at all', { Password: 'guess' }));
    expect(result.status).toBe(403);
    expect(result.json.Errors[0].ErrorCode).toBe('VN.OB.Sandbox.InvalidCredentials');
  });

  it("holds the amount once the customer's own password signs them in (control case)", async () => {
    // Prepare
    const session = await terminal.openSession();
    // Act
    const result = await approve(api.url, approval(session.Qr.Payload, { Password: TEST_PASSWORD }));
    // Assess
    expect(result.status).toBe(201);
    expect(await funds(victim.accounts[0]!.accountId)).toEqual({
      balance: 3_000_000,
      held: 1_000_000,
      available: 2_000_000,
    });
    expect((await terminal.report(session.SessionId, 'Failed')).status).toBe(201);
  });
});
