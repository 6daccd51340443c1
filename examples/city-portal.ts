/**
 * A city portal's flow: it issues a district's bills in one batch, a citizen pays one by scanning
 * its VietQR in the bank app (the sandbox plays the app), the portal's webhook receiver checks the
 * `bill.paid` delivery's signature, and the day is reconciled as CSV. In production the receiver
 * sits behind your https URL; the sandbox delivers to loopback addresses too.
 */
// #region sample: setup
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createOpenBankingClient, type Schemas, unwrap, verifyWebhook } from '@vn-open-banking/sdk';

const { clientId, privateJwk } = JSON.parse(
  readFileSync(process.env.OB_CLIENT ?? '.data/clients/cong-dich-vu-cong-da-nang.json', 'utf8'),
);
const ob = createOpenBankingClient({
  baseUrl: process.env.OB_BASE_URL ?? 'http://127.0.0.1:3000',
  clientId,
  privateKey: privateJwk,
  scope: 'bills',
});
// #endregion
const username = process.env.OB_CUSTOMER ?? 'an.nguyen';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const run = Date.now().toString(36).toUpperCase();

// 1. A webhook receiver: every delivery's signature is checked before the event is believed.
const paid = new Map<string, (event: Schemas['BillEventData']) => void>();
let secret = '';
const receiver = createServer(async (request, response) => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    const event = verifyWebhook<Schemas['BillEventData']>(Buffer.concat(chunks), request.headers, secret);
    console.log(
      `webhook ${request.headers['webhook-id']}: ${event.type} ${event.data.BillId} (signature ok)`,
    );
    if (event.type === 'bill.paid') paid.get(event.data.BillId)?.(event.data);
    response.writeHead(204).end();
  } catch (error) {
    console.error(`refused a delivery: ${(error as Error).message}`);
    response.writeHead(400).end();
  }
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const { port } = receiver.address() as { port: number };
// #region sample: POST /v1/webhook-endpoints
const endpoint = unwrap(
  await ob.POST('/v1/webhook-endpoints', {
    body: { Data: { Url: `http://127.0.0.1:${port}/webhooks`, Events: ['bill.paid'] } },
  }),
).Data;
secret = endpoint.Secret!; // shown once: keep it in your secret store
// #endregion

// 2. The month's bills, in one batch (up to 5,000), created by the platform's batch worker.
const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
// #region sample: POST /v1/bill-batches
const batch = unwrap(
  await ob.POST('/v1/bill-batches', {
    body: {
      Data: {
        Bills: [
          {
            Category: 'traffic-fine',
            Reference: `DN-TF-${run}`,
            PayerName: 'Nguyễn Văn An',
            Amount: '250000',
            DueDate: due,
            Description: 'Phạt vi phạm giao thông, biên bản số 0421',
          },
          {
            Category: 'administrative-fee',
            Reference: `DN-AF-${run}`,
            PayerName: 'Trần Thị Bình',
            Amount: '50000',
            DueDate: due,
            Description: 'Lệ phí cấp bản sao trích lục hộ tịch',
          },
          {
            Category: 'water',
            Reference: `DN-WA-${run}`,
            PayerName: 'Lê Minh Chi',
            Amount: '184000',
            DueDate: due,
            Description: 'Tiền nước tháng 11',
          },
        ],
      },
    },
  }),
).Data;
// #endregion
let state = batch;
for (let polls = 0; state.Status !== 'Completed'; polls++) {
  if (polls === 180) throw new Error(`batch ${batch.BatchId} still ${state.Status} after 3 minutes`);
  await sleep(1_000);
  // #region sample: GET /v1/bill-batches/{BatchId}
  state = unwrap(
    await ob.GET('/v1/bill-batches/{BatchId}', { params: { path: { BatchId: batch.BatchId } } }),
  ).Data;
  // #endregion
}
console.log(`batch ${state.BatchId}: ${state.CreatedCount} created, ${state.RefusedCount} refused`);

// 3. The citizen scans the first bill's code and pays it in the bank app (sandbox: played for them).
const billId = state.Items!.find((item) => item.BillId)!.BillId!;
// #region sample: GET /v1/bills/{BillId}
const bill = unwrap(await ob.GET('/v1/bills/{BillId}', { params: { path: { BillId: billId } } })).Data;
// #endregion
const delivered = new Promise<Schemas['BillEventData']>((resolve, reject) => {
  paid.set(billId, resolve);
  setTimeout(() => reject(new Error(`no verified bill.paid for ${billId} within 60 s`)), 60_000).unref();
});
const customer = unwrap(await ob.GET('/sandbox/customers')).Data.find((c) => c.Username === username)!;
// #region sample: POST /sandbox/qr-payments
const payment = unwrap(
  await ob.POST('/sandbox/qr-payments', {
    body: {
      Data: {
        Payload: bill.Qr!.Payload,
        Username: username,
        Password: 'sandbox',
        AccountId: customer.Accounts[0]!.AccountId,
      },
    },
  }),
).Data;
// #endregion
console.log(`paid by QR: ${payment.QrPaymentId} ${payment.Status}`);
const event = await delivered;
console.log(`bill ${event.BillId}: ${event.Status} (webhook verified)`);

// 4. The day's reconciliation as CSV, the business day in Vietnam time (UTC+07:00).
const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
// #region sample: GET /v1/reconciliation/{Date}
const { data: csv, error } = await ob.GET('/v1/reconciliation/{Date}', {
  params: { path: { Date: today } },
  headers: { Accept: 'text/csv' },
  parseAs: 'text',
});
if (error) throw error;
console.log(csv);
// #endregion

await ob.DELETE('/v1/webhook-endpoints/{WebhookEndpointId}', {
  params: { path: { WebhookEndpointId: endpoint.WebhookEndpointId } },
});
receiver.close();
