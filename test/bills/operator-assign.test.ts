import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { issuePartnerToken } from '../../functions/authorization-server/partner-tokens.ts';
import { collectionAccountId } from '../../functions/domain/bills/collection.ts';
import { parsePartnerTokenRequest } from '../../functions/domain/registration.ts';
import { getPartner } from '../../functions/store/bills/partners.ts';
import { getAccount } from '../../functions/store/ledger/accounts.ts';
import { registerClient } from '../../local/register-client.ts';
import { createOpenBankingClient } from '../../sdk/src/index.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { billBody } from './city.ts';

const run = promisify(execFile);
const api = useGateway();

/**
 * The operator command as the bank's staff run it against a deployed stack: `TABLE_NAME`, AWS
 * credentials and the standard endpoint setting, here this run's DynamoDB Local (the same
 * environment the handlers get). Resolves with its output and exit code, refusals included.
 */
async function operator(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/operator.ts', 'collection-account', 'assign', ...args],
      { env: process.env },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/**
 * A city partner registered as outside sandbox: with an initial access token the operator issued
 * for a city, and an https redirect URI; then called through the SDK.
 */
async function registeredOutsideSandbox(name: string) {
  const request = parsePartnerTokenRequest({ partner: name, kind: 'city', scopes: 'bills', days: '1' });
  if ('problem' in request) throw new Error(request.problem);
  const { token } = await issuePartnerToken(request);
  process.env.SANDBOX = '0';
  try {
    const registration = await registerClient({
      baseUrl: api.url,
      initialAccessToken: token,
      name,
      scope: 'bills',
      redirectUris: ['https://soyte.cantho.example/callback'],
    });
    return {
      clientId: registration.clientId,
      ob: createOpenBankingClient({
        baseUrl: api.url,
        clientId: registration.clientId,
        privateKey: registration.privateJwk,
        scope: 'bills',
      }),
    };
  } finally {
    process.env.SANDBOX = '1';
  }
}

/** A client registered through the real registration endpoint with these scopes. */
async function registered(scope: string, name: string): Promise<string> {
  const client = await new Fintech(api.url).register({
    scope,
    grant_types: ['client_credentials'],
    client_name: name,
  });
  return client.client.client_id;
}

describe('the operator assigns a collection account (npm run operator -- collection-account assign)', {
  timeout: 180_000,
}, () => {
  it("opens the city partner's account as asked, before any bill, and the partner's bills are paid into it; assigning again changes nothing", async () => {
    // Prepare: a city partner registered outside sandbox (a partner token, an https redirect URI),
    // so no collection account was opened for it at registration.
    const city = await registeredOutsideSandbox('Sở Y tế Cần Thơ');
    const clientId = city.clientId;
    const before = await getPartner(clientId);

    // Act
    const assigned = await operator(
      '--client',
      clientId,
      '--partner',
      'Sở Y tế TP. Cần Thơ',
      '--shards',
      '4',
    );
    const partner = await getPartner(clientId);
    const account = await getAccount(collectionAccountId(clientId));
    const again = await operator('--client', clientId, '--partner', 'Another name', '--shards', '8');
    const bill = await city.ob.POST('/v1/bills', { body: billBody({ Category: 'hospital-fee' }) as never });

    // Assess
    expect(before).toBeUndefined();
    expect(assigned).toMatchObject({ code: 0, stderr: '' });
    expect(partner).toMatchObject({
      clientId,
      name: 'Sở Y tế TP. Cần Thơ',
      collection: { accountId: collectionAccountId(clientId), bankBin: '970415', shards: 4 },
    });
    expect(assigned.stdout).toBe(
      `collection account of ${clientId}: 970415 ${partner!.collection.accountNumber} SỞ Y TẾ TP. CẦN THƠ (4 shards)\n`,
    );
    expect(account).toMatchObject({
      ownerId: clientId,
      accountType: 'Business',
      status: 'Enabled',
      balance: 0,
    });
    expect(again).toEqual(assigned);
    expect(await getPartner(clientId)).toEqual(partner);
    // The partner's first bill is paid into the assigned account.
    expect(bill.error).toBeUndefined();
    expect(bill.data!.Data.CollectionAccount).toMatchObject({
      SchemeName: 'VN.AccountNumber',
      Identification: partner!.collection.accountNumber,
    });
  });

  it('refuses an unknown client and a client without scope bills, writing nothing', async () => {
    // Prepare: client ids are random base64url, so some begin with a dash, as this one does.
    const unknown = `-cli-${randomUUID()}`;
    const fintech = await registered('payments', 'Ví Điện Tử Hoa Sen');

    // Act
    const noSuchClient = await operator('--client', unknown, '--partner', 'Sở Xây dựng');
    const notACity = await operator('--client', fintech, '--partner', 'Sở Xây dựng');

    // Assess
    expect(noSuchClient.code).toBe(1);
    expect(noSuchClient.stderr).toBe(
      `refused: No registered client ${unknown}: check the client_id the partner's registration returned.\n`,
    );
    expect(notACity.code).toBe(1);
    expect(notACity.stderr).toBe(
      `refused: Client ${fintech} is registered with scopes "payments", not bills: only a city partner gets a collection account.\n`,
    );
    for (const clientId of [unknown, fintech]) {
      expect(await getPartner(clientId)).toBeUndefined();
      expect(await getAccount(collectionAccountId(clientId))).toBeUndefined();
    }
  });

  it('refuses a missing client, an empty name and a shard count out of range with its usage, writing nothing', async () => {
    // Prepare
    const clientId = `cli-${randomUUID()}`;

    // Act
    const answers = await Promise.all([
      operator('--partner', 'Sở GTVT'),
      operator('--client', clientId, '--partner', '  '),
      operator('--client', clientId, '--shards', '65'),
      operator('--client', clientId, '--shards=-1'),
      operator('--client', clientId, '--shards', '2.5'),
    ]);

    // Assess
    expect(answers.map((answer) => answer.code)).toEqual([2, 2, 2, 2, 2]);
    expect(answers[0]!.stderr).toMatch(/^--client: the city partner's client_id\nusage:/);
    expect(answers[1]!.stderr).toMatch(/^--partner: the name on the collection account/);
    for (const answer of answers.slice(2)) expect(answer.stderr).toMatch(/^--shards: 0 to \d+\nusage:/);
    expect(await getPartner(clientId)).toBeUndefined();
    expect(await getAccount(collectionAccountId(clientId))).toBeUndefined();
  });
});
