/**
 * An ATM's flow, cash by QR: the terminal opens a session and shows its QRCASH code, the
 * customer's bank app approves it (the sandbox plays the app), the terminal sees `Approved`,
 * dispenses and reports the withdrawal, which books it.
 */
import { createOpenBankingClient, unwrap } from '@vn-open-banking/sdk';
import { baseUrl, clientFile } from './config.ts';

const client = clientFile('.data/clients/atm-hoan-kiem.json');
const atm = createOpenBankingClient({
  baseUrl,
  clientId: client.clientId,
  privateKey: client.privateJwk,
  scope: client.scope,
});
const username = process.env.OB_CUSTOMER ?? 'an.nguyen';

// 1. The terminal opens a session and shows the QR code.
const session = unwrap(
  await atm.POST('/v1/cash/sessions', { body: { Data: { TerminalId: 'HK0001' } } }),
).Data;
console.log(`show QR: ${session.Qr.Payload}`);

// 2. The customer scans it in the bank app and approves 500,000 VND (sandbox: the app is played for them).
const customer = unwrap(await atm.GET('/sandbox/customers')).Data.find((c) => c.Username === username)!;
unwrap(
  await atm.POST('/sandbox/cash-approvals', {
    body: {
      Data: {
        Payload: session.Qr.Payload,
        Username: username,
        Password: 'sandbox',
        AccountId: customer.Accounts[0]!.AccountId,
        Amount: '500000',
      },
    },
  }),
);

// 3. The terminal polls until approved, dispenses, and reports.
let status = session.Status;
for (let i = 0; status !== 'Approved' && i < 20; i++) {
  await new Promise((resolve) => setTimeout(resolve, 250));
  status = unwrap(
    await atm.GET('/v1/cash/sessions/{SessionId}', { params: { path: { SessionId: session.SessionId } } }),
  ).Data.Status;
}
const withdrawal = unwrap(
  await atm.POST('/v1/cash/withdrawals', {
    body: { Data: { SessionId: session.SessionId, Outcome: 'Dispensed' } },
  }),
).Data;
console.log(`withdrawal ${withdrawal.WithdrawalId}: ${withdrawal.Status}`);
