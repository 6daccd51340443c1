// The README's quickstart: a first account read and a first payment, as the sandbox's Ví Xanh.
// #region sample: setup
import { readFileSync } from 'node:fs';
import { createOpenBankingClient, unwrap } from '@vn-open-banking/sdk';

const { clientId, privateJwk } = JSON.parse(readFileSync('.data/clients/vi-xanh.json', 'utf8'));
const ob = createOpenBankingClient({
  baseUrl: process.env.OB_BASE_URL ?? 'http://127.0.0.1:3000',
  clientId,
  privateKey: privateJwk,
  redirectUri: 'http://127.0.0.1:8080/callback',
});
// #endregion

// #region sample: POST /v1/aisp/account-access-consents
const consent = unwrap(
  await ob.POST('/v1/aisp/account-access-consents', {
    body: { Data: { Permissions: ['ReadAccountsDetail', 'ReadBalances'] }, Risk: {} },
  }),
);
// #endregion
const an = await ob.sandbox.authorise({ consentId: consent.Data.ConsentId, username: 'an.nguyen' });
// #region sample: GET /v1/aisp/accounts
console.log(unwrap(await an.GET('/v1/aisp/accounts')).Data.Account);
// #endregion

// #region sample: POST /v1/pisp/domestic-payment-consents
const Initiation = {
  InstructionIdentification: 'QS-1',
  EndToEndIdentification: 'QS-1',
  InstructedAmount: { Amount: '150000', Currency: 'VND' },
  CreditorAccount: { SchemeName: 'VN.AccountNumber', Identification: '0071000123456', Name: 'TRAN THI BINH' },
  CreditorAgent: { SchemeName: 'VN.BIN', Identification: '970436' },
} as const;
const payment = unwrap(
  await ob.POST('/v1/pisp/domestic-payment-consents', {
    body: { Data: { Initiation }, Risk: { PaymentContextCode: 'PartyToParty' } },
  }),
);
// #endregion
const payer = await ob.sandbox.authorise({ consentId: payment.Data.ConsentId, username: 'an.nguyen' });
// #region sample: POST /v1/pisp/domestic-payments
console.log(
  unwrap(
    await payer.POST('/v1/pisp/domestic-payments', {
      body: {
        Data: { ConsentId: payment.Data.ConsentId, Initiation },
        Risk: { PaymentContextCode: 'PartyToParty' },
      },
    }),
  ).Data.Status,
);
// #endregion
