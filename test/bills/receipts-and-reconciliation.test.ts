import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import * as oauth from 'oauth4webapi';
import { describe, expect, it } from 'vitest';
import { collectionAccountId } from '../../functions/domain/bills/collection.ts';
import { RECEIPT_TYPE } from '../../functions/domain/bills/receipt.ts';
import { readShardedBalance } from '../../functions/store/ledger/shards.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';

const api = useGateway();

async function cityPartner(name = 'UBND Phường Hoàn Kiếm') {
  const client = await new Fintech(api.url).register({
    scope: 'bills',
    grant_types: ['client_credentials'],
    client_name: name,
  });
  const token = await client.clientToken('bills');
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    client.call(token, method, path, body, headers);
  /** A GET answered as text (CSV), through the same DPoP-bound token. */
  const text = async (path: string, accept: string) => {
    const response = await oauth.protectedResourceRequest(
      token,
      'GET',
      new URL(path, api.url),
      new Headers({ accept }),
      null,
      { ...client.http, DPoP: client.dpop },
    );
    // The raw bytes: fetch's text() would drop the byte-order mark this test checks for.
    const bytes = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: response.headers, bytes, body: bytes.toString('utf8') };
  };
  return { client, call, text, clientId: client.client.client_id };
}

function vietnamDate(days: number): string {
  return new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

async function issueBill(
  partner: Awaited<ReturnType<typeof cityPartner>>,
  amount: string,
  payerName: string,
) {
  const created = await partner.call(
    'POST',
    '/v1/bills',
    {
      Data: {
        Category: 'administrative-fee',
        Reference: `HS-${randomUUID().slice(0, 12)}`,
        PayerName: payerName,
        Amount: amount,
        DueDate: vietnamDate(10),
        Description: 'Lệ phí cấp giấy phép xây dựng',
      },
    },
    { 'x-idempotency-key': randomUUID() },
  );
  if (created.status !== 201) throw new Error(`bill not created: ${JSON.stringify(created.json)}`);
  return created.json.Data as { BillId: string; Reference: string; Qr: { Payload: string } };
}

/** The customer's bank app paying a scanned code (the sandbox stand-in). */
async function payByQr(customer: TestCustomer, payload: string, amount?: string) {
  const response = await fetch(`${api.url}/sandbox/qr-payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-idempotency-key': randomUUID() },
    body: JSON.stringify({
      Data: {
        Payload: payload,
        Username: customer.login.username,
        Password: customer.login.password,
        AccountId: customer.accounts[0]!.accountId,
        ...(amount ? { Amount: amount } : {}),
      },
    }),
  });
  const json = await response.json();
  if (response.status >= 300) throw new Error(`payment refused: ${JSON.stringify(json)}`);
  return json;
}

describe('receipts and reconciliation of a city partner', () => {
  it('gives a paid bill a receipt that verifies with the public JWKS alone, and the same receipt when asked again', async () => {
    // Prepare
    const partner = await cityPartner();
    const customer = await createCustomer([2_000_000]);
    const bill = await issueBill(partner, '350000', 'Phạm Văn Đức');
    const unpaid = await partner.call('GET', `/v1/bills/${bill.BillId}/receipt`);
    await payByQr(customer, bill.Qr.Payload);

    // Act
    const first = await partner.call('GET', `/v1/bills/${bill.BillId}/receipt`);
    const again = await partner.call('GET', `/v1/bills/${bill.BillId}/receipt`);
    const jwks = await (await fetch(`${api.url}/oauth2/jwks`)).json();
    const { payload } = await jwtVerify(first.json.Data.Receipt, createLocalJWKSet(jwks), {
      issuer: api.url,
      typ: RECEIPT_TYPE,
    });

    // Assess
    expect(unpaid.status).toBe(409);
    expect(unpaid.json.Errors[0].ErrorCode).toBe('VN.OB.Bills.NotPaid');
    expect(first.status).toBe(200);
    expect(again.json.Data.Receipt).toBe(first.json.Data.Receipt);
    expect(first.json.Data.Qr.Payload).toBe(first.json.Data.Receipt);
    expect(payload).toMatchObject({
      sub: bill.BillId,
      BillId: bill.BillId,
      Reference: bill.Reference,
      Amount: '350000',
      Currency: 'VND',
      PayerName: 'Phạm Văn Đức',
    });
    expect(payload.PaidAt).toMatch(/\+07:00$/);
    expect(payload.LedgerReference).toEqual(expect.any(String));
  }, 120_000);

  it("reconciles today against the ledger: every payment and refund, totals equal to the collection account's movements", async () => {
    // Prepare: five bills, four paid, one of them twice (the second payment is refunded automatically).
    const partner = await cityPartner('Sở Tài nguyên và Môi trường');
    const customer = await createCustomer([20_000_000]);
    const accountId = collectionAccountId(partner.clientId);
    const before = await readShardedBalance(accountId);
    const bills = [];
    for (const amount of ['100000', '200000', '300000', '400000', '500000']) {
      bills.push(await issueBill(partner, amount, 'Đỗ Thị Lan'));
    }
    await payByQr(customer, bills[0]!.Qr.Payload);
    await payByQr(customer, bills[1]!.Qr.Payload);
    await payByQr(customer, bills[1]!.Qr.Payload); // a second payment: refunded
    await payByQr(customer, bills[2]!.Qr.Payload);
    await payByQr(customer, bills[3]!.Qr.Payload);
    const today = vietnamDate(0);

    // Act
    const report = await partner.call('GET', `/v1/reconciliation/${today}`);
    const csv = await partner.text(`/v1/reconciliation/${today}`, 'text/csv');
    const after = await readShardedBalance(accountId);

    // Assess
    expect(report.status).toBe(200);
    const data = report.json.Data;
    expect(data.Date).toBe(today);
    expect(data.Provisional).toBe(true);
    const payments = data.Items.filter((item: { Type: string }) => item.Type === 'Payment');
    const refunds = data.Items.filter((item: { Type: string }) => item.Type === 'Refund');
    expect(payments).toHaveLength(5);
    expect(refunds).toHaveLength(1);
    expect(new Set(data.Items.map((item: { LedgerReference: string }) => item.LedgerReference)).size).toBe(6);
    expect(refunds[0]).toMatchObject({
      BillId: bills[1]!.BillId,
      Reference: bills[1]!.Reference,
      Amount: '200000',
    });
    expect(data.Totals).toEqual({ Paid: '1200000', Refunded: '200000', Net: '1000000' });
    // The ledger itself: the collection account (over all its shards) moved by exactly Net today.
    expect(after.balance - before.balance).toBe(Number(data.Totals.Net));
    expect(data.Items.map((item: { BillId: string }) => item.BillId)).not.toContain(bills[4]!.BillId);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(
      csv.body.startsWith('\uFEFFBookedAt,Type,BillId,Reference,PayerName,Amount,LedgerReference\r\n'),
    ).toBe(true);
    expect(csv.body.split('\r\n').filter((line) => /,(Payment|Refund),/.test(line))).toHaveLength(6);
    expect(csv.body).toContain('Đỗ Thị Lan');
    expect(csv.body).toContain('\r\nNet,1000000\r\n');
  }, 180_000);

  it('refuses a day not begun yet or not a calendar day with a 400 naming Date; an empty past day totals zero', async () => {
    // Prepare
    const partner = await cityPartner();

    // Act
    const future = await partner.call('GET', `/v1/reconciliation/${vietnamDate(1)}`);
    const malformed = await partner.call('GET', '/v1/reconciliation/2026-13-01');
    const words = await partner.call('GET', '/v1/reconciliation/yesterday');
    const past = await partner.call('GET', '/v1/reconciliation/2026-01-15');

    // Assess
    expect(future.status).toBe(400);
    expect(future.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Reconciliation.FutureDate',
      Path: 'Date',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Reconciliation.InvalidDate',
      Path: 'Date',
    });
    expect(words.status).toBe(400);
    expect(past.status).toBe(200);
    expect(past.json.Data).toMatchObject({
      Provisional: false,
      Items: [],
      Totals: { Paid: '0', Refunded: '0', Net: '0' },
    });
  });

  it("keeps each partner to its own: another partner cannot see a bill's receipt or its payments in its reconciliation; a fintech cannot reconcile", async () => {
    // Prepare
    const owner = await cityPartner();
    const other = await cityPartner('Bệnh viện Chợ Rẫy');
    const fintech = await new Fintech(api.url).register({ scope: 'accounts payments' });
    const customer = await createCustomer([1_000_000]);
    const bill = await issueBill(owner, '120000', 'Vũ Minh Khang');
    await payByQr(customer, bill.Qr.Payload);

    // Act
    const receipt = await other.call('GET', `/v1/bills/${bill.BillId}/receipt`);
    const othersDay = await other.call('GET', `/v1/reconciliation/${vietnamDate(0)}`);
    // oauth4webapi surfaces a WWW-Authenticate challenge as an error carrying the response's status.
    const byFintech = await fintech
      .call(await fintech.clientToken('payments'), 'GET', `/v1/reconciliation/${vietnamDate(0)}`)
      .catch((error: { status: number; cause: { parameters: Record<string, string> }[] }) => error);

    // Assess
    expect(receipt.status).toBe(404);
    expect(othersDay.status).toBe(200);
    expect(othersDay.json.Data.Items).toEqual([]);
    expect(byFintech.status).toBe(403);
    expect((byFintech as { cause: { parameters: Record<string, string> }[] }).cause[0]!.parameters).toEqual({
      error: 'insufficient_scope',
      scope: 'bills',
    });
  }, 120_000);
});
