import { DEFAULT_SANDBOX_TOKEN } from '../../functions/authorization-server/initial-access-token.ts';
import { registerClient } from '../../local/register-client.ts';
import type { paths } from '../../sdk/src/index.ts';

export const CALLBACK = 'http://127.0.0.1:8080/callback';

/** A client registered through the real registration endpoint, as `ob clients register` writes it. */
export async function registeredClient(baseUrl: string, scope = 'openid accounts payments') {
  const registration = await registerClient({
    baseUrl,
    initialAccessToken: DEFAULT_SANDBOX_TOKEN,
    name: 'SDK Test Fintech',
    scope,
    redirectUris: [CALLBACK],
  });
  return {
    clientId: registration.clientId,
    privateKey: registration.privateJwk,
    scope,
    redirectUri: CALLBACK,
  };
}

type ConsentRequest =
  paths['/v1/aisp/account-access-consents']['post']['requestBody']['content']['application/json'];

/** An account-access consent to read everything (accounts, balances, transactions). */
export const READ_EVERYTHING: ConsentRequest = {
  Data: {
    Permissions: [
      'ReadAccountsDetail',
      'ReadBalances',
      'ReadTransactionsDetail',
      'ReadTransactionsCredits',
      'ReadTransactionsDebits',
    ],
  },
  Risk: {},
};
