/**
 * A fintech's flow: an account-access consent, the customer's authorisation, accounts and their
 * transactions (paged), then a payment with its own consent. In the sandbox the customer answers
 * through `sandbox.authorise`; in production you redirect them to `(await ob.authorize(…)).url`
 * and call `ob.exchangeCode(callbackUrl)` on your redirect URI.
 */
import { createOpenBankingClient, unwrap } from '@vn-open-banking/sdk';
import { baseUrl, clientFile } from './config.ts';

const client = clientFile('.data/clients/vi-xanh.json');
const ob = createOpenBankingClient({
  baseUrl,
  clientId: client.clientId,
  privateKey: client.privateJwk,
  scope: client.scope,
  redirectUri: client.redirectUris?.[0] ?? 'http://127.0.0.1:8080/callback',
});
const username = process.env.OB_CUSTOMER ?? 'an.nguyen';

// 1. Consent to read accounts, authorised by the customer.
const consent = unwrap(
  await ob.POST('/v1/aisp/account-access-consents', {
    body: {
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
    },
  }),
);
const reader = await ob.sandbox.authorise({ consentId: consent.Data.ConsentId, username });

// 2. Accounts, and the latest transactions of the first one (paginate follows Links.Next).
const accounts = unwrap(await reader.GET('/v1/aisp/accounts')).Data.Account;
const first = accounts[0]!;
let shown = 0;
for await (const tx of reader.paginate('/v1/aisp/accounts/{AccountId}/transactions', {
  params: { path: { AccountId: first.AccountId }, query: { pageSize: 25 } },
})) {
  console.log(
    `${tx.BookingDateTime} ${tx.CreditDebitIndicator} ${tx.Amount.Amount} ${tx.TransactionInformation ?? ''}`,
  );
  if (++shown === 30) break;
}

// 3. A payment to another demo customer, with its own consent.
const customers = unwrap(await ob.GET('/sandbox/customers')).Data;
const other = customers.find((c) => c.Username !== username)!;
const payee = other.Accounts[0]!;
const Initiation = {
  InstructionIdentification: `FT-${Date.now()}`,
  EndToEndIdentification: `FT-${Date.now()}`,
  InstructedAmount: { Amount: '150000', Currency: 'VND' },
  CreditorAccount: { SchemeName: 'VN.AccountNumber', Identification: payee.AccountNumber, Name: other.Name },
  CreditorAgent: { SchemeName: 'VN.BIN', Identification: payee.BankBin },
  RemittanceInformation: { Unstructured: 'Tien hoc thang 3' },
} as const;
const Risk = { PaymentContextCode: 'PartyToParty' } as const;
const paymentConsent = unwrap(
  await ob.POST('/v1/pisp/domestic-payment-consents', { body: { Data: { Initiation }, Risk } }),
);
const payer = await ob.sandbox.authorise({
  consentId: paymentConsent.Data.ConsentId,
  username,
  accountIds: [first.AccountId],
});
const payment = unwrap(
  await payer.POST('/v1/pisp/domestic-payments', {
    body: { Data: { ConsentId: paymentConsent.Data.ConsentId, Initiation }, Risk },
  }),
);
console.log(`payment ${payment.Data.DomesticPaymentId}: ${payment.Data.Status}`);
