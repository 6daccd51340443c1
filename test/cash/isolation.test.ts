import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { approve, funds, Terminal } from './terminal.ts';

const api = useGateway();

describe('a session belongs to the terminal client that opened it', () => {
  let mine: Terminal;
  let theirs: Terminal;
  let customer: TestCustomer;

  beforeAll(async () => {
    [mine, theirs, customer] = await Promise.all([
      Terminal.register(api.url, 'HN0001'),
      Terminal.register(api.url, 'HN0001'),
      createCustomer([3_000_000]),
    ]);
  });

  it('another terminal client can neither see nor report it, and learns nothing', async () => {
    // Prepare
    const session = await mine.openSession();
    await approve(api.url, {
      Payload: session.Qr.Payload,
      Username: customer.username,
      AccountId: customer.accounts[0]!.accountId,
      Amount: '1000000',
    });
    const held = await funds(customer.accounts[0]!.accountId);
    // Act
    const seen = await theirs.poll(session.SessionId);
    const reported = await theirs.report(session.SessionId, 'Dispensed');
    // Assess
    expect(seen.status).toBe(404);
    expect(reported.status).toBe(404);
    expect(JSON.stringify([seen.json, reported.json])).not.toContain(session.Qr.Payload);
    expect(await funds(customer.accounts[0]!.accountId)).toEqual(held);
    expect((await mine.poll(session.SessionId)).json.Data.Status).toBe('Approved');
    expect((await mine.report(session.SessionId, 'Dispensed')).status).toBe(201);
  });

  it('takes only DPoP-bound client tokens with scope cash', async () => {
    // Prepare
    const session = await mine.openSession();
    const fintech = await new Fintech(api.url).register({
      scope: 'accounts',
      grant_types: ['client_credentials'],
    });
    const accountsToken = await fintech.clientToken('accounts');
    // Act
    const anonymous = await fetch(`${api.url}/v1/cash/sessions/${session.SessionId}`);
    // oauth4webapi surfaces a WWW-Authenticate challenge as an error carrying the response's status.
    const wrongScope = await fintech
      .call(accountsToken, 'GET', `/v1/cash/sessions/${session.SessionId}`)
      .catch((error: { status: number; cause: { parameters: Record<string, string> }[] }) => error);
    const bearer = await fetch(`${api.url}/v1/cash/sessions/${session.SessionId}`, {
      headers: { authorization: `Bearer ${await mine.accessToken()}` },
    });
    // Assess
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^DPoP /);
    expect(wrongScope.status).toBe(403);
    expect((wrongScope as { cause: { parameters: Record<string, string> }[] }).cause[0]!.parameters).toEqual({
      error: 'insufficient_scope',
      scope: 'cash',
    });
    expect(bearer.status).toBe(401);
  });
});
