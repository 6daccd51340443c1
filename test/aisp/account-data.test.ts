import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { getConsent } from '../../functions/store/consents.ts';
import { keys } from '../../functions/store/keys.ts';
import { revokeConsent } from '../../functions/use-cases/consents/revoke-consent.ts';
import { approvedCallback, createAisConsent, customerTokens } from '../fapi/scenario.ts';
import { createCustomer, fund, type TestCustomer } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();

describe('accounts, balances and transactions under an authorised consent', () => {
  let fintech: Fintech;
  let customer: TestCustomer;
  let token: string;
  let consentId: string;
  let clientToken: string;
  let account: string;
  const ENTRIES = 60;

  beforeAll(async () => {
    customer = await createCustomer([1_000_000]);
    account = customer.accounts[0]!.accountId;
    for (let i = 1; i < ENTRIES; i++) await fund(account, 1_000 * i, `Chuyển khoản ${i}`);
    fintech = await new Fintech(api.url).register({ scope: 'openid accounts offline_access' });
    ({
      tokens: { access_token: token },
      consentId,
      clientToken,
    } = await customerTokens(fintech, customer));
  });

  it('lists the chosen account with its number (ReadAccountsDetail) and its balances', async () => {
    const accounts = await fintech.call(token, 'GET', '/v1/aisp/accounts');
    const balances = await fintech.call(token, 'GET', `/v1/aisp/accounts/${account}/balances`);
    const expected = 1_000_000 + (1_000 * (ENTRIES - 1) * ENTRIES) / 2;
    expect(accounts.json.Data.Account[0]).toMatchObject({
      AccountId: account,
      Currency: 'VND',
      Account: [{ SchemeName: 'VN.AccountNumber', Identification: customer.accounts[0]!.accountNumber }],
      Servicer: { SchemeName: 'VN.BIN', Identification: '970415' },
    });
    expect(balances.json.Data.Balance).toEqual([
      expect.objectContaining({
        Type: 'InterimBooked',
        Amount: { Amount: String(expected), Currency: 'VND' },
      }),
      expect.objectContaining({ Type: 'InterimAvailable', CreditDebitIndicator: 'Credit' }),
    ]);
  });

  it('pages transactions newest first with no duplicates or gaps while new ones arrive', async () => {
    const seen: string[] = [];
    let next: string | undefined = `/v1/aisp/accounts/${account}/transactions?pageSize=25`;
    let pages = 0;
    while (next) {
      const page = await fintech.call(token, 'GET', next);
      expect(page.status).toBe(200);
      seen.push(...page.json.Data.Transaction.map((t: { TransactionId: string }) => t.TransactionId));
      const times = page.json.Data.Transaction.map((t: { BookingDateTime: string }) => t.BookingDateTime);
      expect([...times].sort().reverse()).toEqual(times);
      if (pages === 0) await fund(account, 777, 'Giao dịch mới giữa hai trang');
      next = page.json.Links.Next
        ? new URL(page.json.Links.Next).pathname + new URL(page.json.Links.Next).search
        : undefined;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(ENTRIES);
    expect(new Set(seen).size).toBe(ENTRIES);
  });

  it('shows counterparties and running balances with ReadTransactionsDetail', async () => {
    const page = await fintech.call(token, 'GET', `/v1/aisp/accounts/${account}/transactions?pageSize=25`);
    expect(page.json.Data.Transaction[0]).toMatchObject({
      CreditDebitIndicator: 'Credit',
      Status: 'Booked',
      TransactionInformation: expect.any(String),
      Balance: { Type: 'InterimBooked', CreditDebitIndicator: 'Credit' },
      DebtorAccount: { Name: 'CONG TY TNHH DEMO' },
    });
  });

  it.each([
    ['pageSize=10', 'pageSize'],
    ['pageSize=1001', 'pageSize'],
    ['pageSize=abc', 'pageSize'],
    ['fromBookingDateTime=yesterday', 'fromBookingDateTime'],
    [
      'fromBookingDateTime=2026-06-01T00:00:00Z&toBookingDateTime=2026-01-01T00:00:00Z',
      'fromBookingDateTime',
    ],
    ['page=not-a-cursor', 'page'],
    ['sort=asc', 'sort'],
  ])('answers a bad query (%s) with a 400 naming %s', async (query, field) => {
    const result = await fintech.call(token, 'GET', `/v1/aisp/accounts/${account}/transactions?${query}`);
    expect(result.status).toBe(400);
    expect(result.json.Errors[0].Path).toBe(field);
  });

  it('refuses a cursor taken to another query or forged for another account', async () => {
    const first = await fintech.call(token, 'GET', `/v1/aisp/accounts/${account}/transactions?pageSize=25`);
    const cursor = new URL(first.json.Links.Next).searchParams.get('page')!;
    const stale = await fintech.call(
      token,
      'GET',
      `/v1/aisp/accounts/${account}/transactions?page=${cursor}&fromBookingDateTime=2020-01-01T00:00:00Z`,
    );
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...decoded, a: 'acc-someone-else' })).toString('base64url');
    const foreign = await fintech.call(
      token,
      'GET',
      `/v1/aisp/accounts/${account}/transactions?page=${forged}`,
    );
    expect(stale.json.Errors[0].ErrorCode).toBe('VN.OB.Paging.StaleCursor');
    expect(foreign.json.Errors[0].ErrorCode).toBe('VN.OB.Paging.InvalidCursor');
  });

  it('stops data access at once when the consent expires, and after the client revokes it', async () => {
    const other = await customerTokens(fintech, customer);
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.consent(other.consentId),
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 1000).toISOString() },
      }),
    );
    const expired = await fintech.call(other.tokens.access_token, 'GET', '/v1/aisp/accounts');
    await fintech.call(clientToken, 'DELETE', `/v1/aisp/account-access-consents/${consentId}`);
    const revoked = await fintech.call(token, 'GET', '/v1/aisp/accounts');
    expect(expired.status).toBe(403);
    expect(expired.json.Errors[0].ErrorCode).toBe('VN.OB.Consent.Expired');
    expect(revoked.status).toBe(403);
    expect(revoked.json.Errors[0].ErrorCode).toBe('VN.OB.Consent.Revoked');
  });

  it('revokes a consent the customer approved while the revoke was under way, with its tokens', async () => {
    // Prepare: the revoke read the consent while it awaited authorisation; the customer's
    // approval then lands before the revoke's guarded write (the race a DELETE can lose).
    const { consentId: racedId, clientToken: racedClientToken } = await createAisConsent(fintech);
    const readByRevoke = (await getConsent(racedId))!;
    const { callback, codeVerifier, state } = await approvedCallback(fintech, customer, racedId);
    const tokens = await fintech.exchangeCode(callback, codeVerifier, state);
    // Act
    const revoked = await revokeConsent(readByRevoke);
    const read = await fintech.call(tokens.access_token, 'GET', '/v1/aisp/accounts');
    const consent = await fintech.call(
      racedClientToken,
      'GET',
      `/v1/aisp/account-access-consents/${racedId}`,
    );
    // Assess
    expect(readByRevoke.status).toBe('AwaitingAuthorisation');
    expect(revoked).toBe(true);
    expect(consent.json.Data.Status).toBe('Revoked');
    expect(read.status).toBe(403);
    expect(read.json.Errors[0].ErrorCode).toBe('VN.OB.Consent.Revoked');
  });
});
