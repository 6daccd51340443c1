import { CustomerBrowser } from '../helpers/customer-browser.ts';
import type { TestCustomer } from '../helpers/customers.ts';
import { type Fintech, REDIRECT_URI } from '../helpers/fintech.ts';

export const ALL_AIS_PERMISSIONS = [
  'ReadAccountsDetail',
  'ReadBalances',
  'ReadTransactionsDetail',
  'ReadTransactionsCredits',
  'ReadTransactionsDebits',
];

/** The fintech creates an account-access consent with its client-credentials token. */
export async function createAisConsent(fintech: Fintech, data: Record<string, unknown> = {}) {
  const clientToken = await fintech.clientToken('accounts');
  const created = await fintech.call(
    clientToken,
    'POST',
    '/v1/aisp/account-access-consents',
    { Data: { Permissions: ALL_AIS_PERMISSIONS, ...data }, Risk: {} },
    { 'x-idempotency-key': crypto.randomUUID() },
  );
  if (created.status !== 201) throw new Error(`consent not created: ${JSON.stringify(created.json)}`);
  return { clientToken, consentId: created.json.Data.ConsentId as string };
}

/** PAR, customer sign-in and approval: returns the callback with the code, not yet exchanged. */
export async function approvedCallback(
  fintech: Fintech,
  customer: TestCustomer,
  consentId: string,
  scope = 'openid accounts offline_access',
) {
  const { url, codeVerifier, state } = await fintech.authorizationUrl(consentId, scope);
  const callback = await new CustomerBrowser().authorize(url, REDIRECT_URI, customer.login, {
    approve: true,
    accounts: customer.accounts.map((a) => a.accountId),
  });
  return { callback, codeVerifier, state };
}

/** The whole journey: a customer-bound, DPoP-bound access token for an AIS consent. */
export async function customerTokens(
  fintech: Fintech,
  customer: TestCustomer,
  data: Record<string, unknown> = {},
) {
  const { consentId, clientToken } = await createAisConsent(fintech, data);
  const { callback, codeVerifier, state } = await approvedCallback(fintech, customer, consentId);
  const tokens = await fintech.exchangeCode(callback, codeVerifier, state);
  return { tokens, consentId, clientToken };
}
