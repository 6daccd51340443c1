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

  /**
   * A pending authorization of a fresh consent, answered through POST /sandbox/authorisations with
   * the customer's credentials and `data` (its AuthorizationUrl made by `url` from the pending one).
   */
  async function answerSandboxAuthorisation(data: Record<string, unknown>, url = (pending: URL) => pending) {
    const client = await registeredClient(api.url);
    const customer = await createCustomer();
    const ob = createOpenBankingClient({ baseUrl: api.url, ...client });
    const { data: created } = await ob.POST('/v1/aisp/account-access-consents', { body: READ_EVERYTHING });
    const pending = await ob.authorize({ consentId: created!.Data.ConsentId });
    const response = await fetch(`${api.url}/sandbox/authorisations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        Data: {
          AuthorizationUrl: url(new URL(pending.url.href)).href,
          Username: customer.username,
          Password: TEST_PASSWORD,
          ...data,
        },
      }),
    });
    const consent = await ob.GET('/v1/aisp/account-access-consents/{ConsentId}', {
      params: { path: { ConsentId: created!.Data.ConsentId } },
    });
    return {
      status: response.status,
      body: (await response.json()) as {
        Data?: { RedirectUri: string };
        Errors?: Array<{ ErrorCode: string; Path: string }>;
      },
      consent: consent.data!.Data.Status,
    };
  }

  it('answers a denied sandbox authorisation with the OAuth error in the callback', async () => {
    // Act
    const { status, body, consent } = await answerSandboxAuthorisation({ Decision: 'Deny' });

    // Assess
    expect(status).toBe(200);
    expect(new URL(body.Data!.RedirectUri).searchParams.get('error')).toBe('access_denied');
    expect(consent).toBe('Rejected');
  });

  it.each([
    [
      'an authorization URL carrying a user name and password',
      {},
      (url: URL) => Object.assign(url, { username: 'user', password: 'pw' }),
      'Data.AuthorizationUrl',
    ],
    ['a Decision of null, rather than approving', { Decision: null }, (url: URL) => url, 'Data.Decision'],
  ])('refuses %s with a 400 naming it, and the consent still awaits', async (_, data, url, path) => {
    // Act
    const { status, body, consent } = await answerSandboxAuthorisation(data, url);

    // Assess
    expect(status).toBe(400);
    expect(body.Errors![0]).toMatchObject({ ErrorCode: 'UK.OBIE.Field.Invalid', Path: path });
    expect(consent).toBe('AwaitingAuthorisation');
  });
});
