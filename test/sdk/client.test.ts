import { describe, expect, it } from 'vitest';
import { createOpenBankingClient } from '../../sdk/src/index.ts';
import { createCustomer, TEST_PASSWORD } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { READ_EVERYTHING, registeredClient } from './fixtures.ts';

const api = useGateway();

/** A fetch that counts the requests per path (token endpoint, PAR, resources). */
function countingFetch() {
  const counts = new Map<string, number>();
  return {
    counts,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      const path = new URL(String(input instanceof Request ? input.url : input)).pathname;
      counts.set(path, (counts.get(path) ?? 0) + 1);
      return fetch(input, init);
    }) as typeof fetch,
  };
}

describe('the SDK client against the local platform', () => {
  it('creates a consent with a cached client token, gets it authorised in the sandbox and reads accounts', async () => {
    // Prepare
    const client = await registeredClient(api.url);
    const customer = await createCustomer([2_000_000, 300_000]);
    const counter = countingFetch();
    const ob = createOpenBankingClient({ baseUrl: api.url, ...client, fetch: counter.fetch });

    // Act
    const first = await ob.POST('/v1/aisp/account-access-consents', { body: READ_EVERYTHING });
    const second = await ob.POST('/v1/aisp/account-access-consents', { body: READ_EVERYTHING });
    const session = await ob.sandbox.authorise({
      consentId: first.data!.Data.ConsentId,
      username: customer.username,
      password: TEST_PASSWORD,
    });
    const accounts = await session.GET('/v1/aisp/accounts');

    // Assess
    expect(first.error).toBeUndefined();
    expect(second.data!.Data.ConsentId).not.toBe(first.data!.Data.ConsentId);
    expect(counter.counts.get('/oauth2/token')).toBe(2); // one client token for both, one code exchange
    expect(accounts.error).toBeUndefined();
    expect(accounts.data!.Data.Account.map((a) => a.AccountId).sort()).toEqual(
      customer.accounts.map((a) => a.accountId).sort(),
    );
    expect(session.tokens.refreshToken).toBeTruthy();
  });

  it('refreshes the customer session by itself once its access token has run out', async () => {
    // Prepare
    const client = await registeredClient(api.url);
    const customer = await createCustomer();
    const ob = createOpenBankingClient({ baseUrl: api.url, ...client });
    const { data } = await ob.POST('/v1/aisp/account-access-consents', { body: READ_EVERYTHING });
    const session = await ob.sandbox.authorise({
      consentId: data!.Data.ConsentId,
      username: customer.username,
      password: TEST_PASSWORD,
    });
    const before = session.tokens.accessToken;
    const resumed = ob.resumeSession({ ...session.tokens, expiresAt: Date.now() - 1 });

    // Act
    const accounts = await resumed.GET('/v1/aisp/accounts');

    // Assess
    expect(accounts.error).toBeUndefined();
    expect(resumed.tokens.accessToken).not.toBe(before);
  });

  it('answers a denied sandbox authorisation with the OAuth error in the callback', async () => {
    // Prepare
    const client = await registeredClient(api.url);
    const customer = await createCustomer();
    const ob = createOpenBankingClient({ baseUrl: api.url, ...client });
    const { data } = await ob.POST('/v1/aisp/account-access-consents', { body: READ_EVERYTHING });
    const pending = await ob.authorize({ consentId: data!.Data.ConsentId });

    // Act
    const response = await fetch(`${api.url}/sandbox/authorisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Data: {
          AuthorizationUrl: pending.url.href,
          Username: customer.username,
          Password: TEST_PASSWORD,
          Decision: 'Deny',
        },
      }),
    });
    const body = (await response.json()) as { Data: { RedirectUri: string } };
    const consent = await ob.GET('/v1/aisp/account-access-consents/{ConsentId}', {
      params: { path: { ConsentId: data!.Data.ConsentId } },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(new URL(body.Data.RedirectUri).searchParams.get('error')).toBe('access_denied');
    expect(consent.data!.Data.Status).toBe('Rejected');
  });

  it('refuses an authorization URL carrying a user name and password with a 400 naming it, and the consent still awaits', async () => {
    // Prepare
    const client = await registeredClient(api.url);
    const customer = await createCustomer();
    const ob = createOpenBankingClient({ baseUrl: api.url, ...client });
    const { data } = await ob.POST('/v1/aisp/account-access-consents', { body: READ_EVERYTHING });
    const pending = await ob.authorize({ consentId: data!.Data.ConsentId });
    const withCredentials = new URL(pending.url.href);
    withCredentials.username = 'user';
    withCredentials.password = 'pw';

    // Act
    const response = await fetch(`${api.url}/sandbox/authorisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Data: {
          AuthorizationUrl: withCredentials.href,
          Username: customer.username,
          Password: TEST_PASSWORD,
        },
      }),
    });
    const body = (await response.json()) as { Errors: Array<{ ErrorCode: string; Path: string }> };
    const consent = await ob.GET('/v1/aisp/account-access-consents/{ConsentId}', {
      params: { path: { ConsentId: data!.Data.ConsentId } },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(body.Errors[0]).toMatchObject({
      ErrorCode: 'UK.OBIE.Field.Invalid',
      Path: 'Data.AuthorizationUrl',
    });
    expect(consent.data!.Data.Status).toBe('AwaitingAuthorisation');
  });

  it('refuses a Decision of null with a 400 naming it, rather than approving', async () => {
    // Prepare
    const client = await registeredClient(api.url);
    const customer = await createCustomer();
    const ob = createOpenBankingClient({ baseUrl: api.url, ...client });
    const { data } = await ob.POST('/v1/aisp/account-access-consents', { body: READ_EVERYTHING });
    const pending = await ob.authorize({ consentId: data!.Data.ConsentId });

    // Act
    const response = await fetch(`${api.url}/sandbox/authorisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Data: {
          AuthorizationUrl: pending.url.href,
          Username: customer.username,
          Password: TEST_PASSWORD,
          Decision: null,
        },
      }),
    });
    const body = (await response.json()) as { Errors: Array<{ Path: string }> };
    const consent = await ob.GET('/v1/aisp/account-access-consents/{ConsentId}', {
      params: { path: { ConsentId: data!.Data.ConsentId } },
    });

    // Assess
    expect(response.status).toBe(400);
    expect(body.Errors[0]!.Path).toBe('Data.Decision');
    expect(consent.data!.Data.Status).toBe('AwaitingAuthorisation');
  });
});
