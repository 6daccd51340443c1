import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_TOKEN } from '../../functions/authorization-server/initial-access-token.ts';
import { bookingDayOf } from '../../functions/domain/ledger/booking-day.ts';
import { readShardedBalance } from '../../functions/store/ledger/shards.ts';
import { registerClient } from '../../local/register-client.ts';
import { createOpenBankingClient, type OpenBankingClient, type Schemas } from '../../sdk/src/index.ts';
import { createCustomer, TEST_PASSWORD, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { getPostings, inParallel, ledgerHistory, shardedHistory } from '../ledger/fixtures.ts';
import { balanceOf } from '../payments/fixtures.ts';
import { usePipeline } from '../webhooks/pipeline.ts';
import { Receiver } from '../webhooks/receiver.ts';
import { vietnamDay } from './city.ts';

// A fast retry schedule, as in the webhook delivery tests (the default spans 27 hours).
process.env.WEBHOOK_RETRY_DELAYS_MS = '200,400,800,1600,3200,6400,6400,6400';
process.env.WEBHOOK_TIMEOUT_MS = '3000';
process.env.WEBHOOK_SWEEP_GRACE_MS = '1500';

const api = useGateway();
const webhooks = usePipeline();

const CALLBACK = 'http://127.0.0.1:8080/callback';
const CATEGORIES = [
  'administrative-fee',
  'traffic-fine',
  'registration-tax',
  'social-insurance',
  'tuition',
  'hospital-fee',
  'electricity',
  'water',
  'telecom',
] as const;
const BILLS = 100;
/** Bills 0–59 are paid by VietQR, 60–89 by payment initiation, 90–99 stay unpaid. */
const BY_QR = 60;
const BY_PIS = 30;
/** Paid a second time: three QR bills again by QR, one PIS bill again by PIS, one again by QR. */
const TWICE: { bill: number; channel: 'qr' | 'pis' }[] = [
  { bill: 0, channel: 'qr' },
  { bill: 1, channel: 'qr' },
  { bill: 2, channel: 'qr' },
  { bill: 60, channel: 'pis' },
  { bill: 61, channel: 'qr' },
];
/** Paid by initiation with more than is due: the excess goes back. */
const OVERPAID = new Map([
  [62, 50_000],
  [63, 123_000],
]);
const START = 2_000_000;
const IN_FLIGHT = 8;

type Bill = Schemas['Bill'];
type Customer = TestCustomer;

/** What each payment did, as the test planned it. */
interface Payment {
  bill: number;
  payer: Customer;
  channel: 'qr' | 'pis';
  amount: number;
  duplicate: boolean;
}

/** A client of the platform as its owner builds one: registered with the sandbox token, then the SDK. */
async function sdkClient(name: string, scope: string): Promise<{ clientId: string; ob: OpenBankingClient }> {
  const registration = await registerClient({
    baseUrl: api.url,
    initialAccessToken: DEFAULT_SANDBOX_TOKEN,
    name,
    scope,
    redirectUris: [CALLBACK],
  });
  return {
    clientId: registration.clientId,
    ob: createOpenBankingClient({
      baseUrl: api.url,
      clientId: registration.clientId,
      privateKey: registration.privateJwk,
      redirectUri: CALLBACK,
      scope,
    }),
  };
}

/** The amount due of bill `index`: between 50,000 and 450,000 VND. */
const amountOf = (index: number) => 50_000 + (index % 17) * 25_000;

describe("a city partner's day, end to end through the SDK", () => {
  let receiver: Receiver;
  beforeAll(async () => {
    receiver = await new Receiver().start();
  });
  afterAll(() => receiver.close());

  it('100 bills, 60 paid by VietQR and 30 by initiation (5 twice, 2 overpaid): reconciled to the ledger, one signed bill.paid each, every extra dong back, money conserved', {
    timeout: 600_000,
  }, async () => {
    // Prepare: the city, its webhook endpoint on the loopback receiver, a fintech, the payers.
    const city = await sdkClient('Sở Tài chính TP. Đà Nẵng', 'bills');
    const fintech = await sdkClient('Ví Điện Tử Sen Vàng', 'openid accounts payments');
    webhooks.clients.add(city.clientId);
    const endpoint = await city.ob.POST('/v1/webhook-endpoints', {
      body: { Data: { Url: receiver.url, Events: ['bill.paid', 'bill.refunded'] } },
    });
    expect(endpoint.error).toBeUndefined();
    receiver.secrets.push(endpoint.data!.Data.Secret!);

    const created = await inParallel(
      Array.from({ length: BILLS }, (_, index) => async () => {
        const { data, error } = await city.ob.POST('/v1/bills', {
          body: {
            Data: {
              Category: CATEGORIES[index % CATEGORIES.length]!,
              Reference: `DN-${city.clientId.slice(-6)}-${String(index).padStart(3, '0')}`,
              PayerName: `Công dân số ${index}`,
              Amount: String(amountOf(index)),
              DueDate: vietnamDay(7),
              Description: 'Khoản thu dịch vụ công',
            },
          },
        });
        if (error) throw error;
        return data!.Data;
      }),
      IN_FLIGHT,
    );
    const bills: Bill[] = created;
    expect(bills.every((bill) => bill.Status === 'Unpaid')).toBe(true);
    expect(new Set(bills.map((bill) => bill.Category)).size).toBe(CATEGORIES.length);

    const plan: Payment[] = [];
    const payers = await inParallel(
      Array.from({ length: BY_QR + BY_PIS + TWICE.length }, () => () => createCustomer([START])),
      IN_FLIGHT,
    );
    for (let bill = 0; bill < BY_QR + BY_PIS; bill++) {
      plan.push({
        bill,
        payer: payers[bill]!,
        channel: bill < BY_QR ? 'qr' : 'pis',
        amount: amountOf(bill) + (OVERPAID.get(bill) ?? 0),
        duplicate: false,
      });
    }
    for (const [i, twice] of TWICE.entries()) {
      plan.push({
        bill: twice.bill,
        payer: payers[BY_QR + BY_PIS + i]!,
        channel: twice.channel,
        amount: amountOf(twice.bill),
        duplicate: true,
      });
    }
    const collectionId = `collection-${city.clientId}`;
    const accountsOfTheDay = [collectionId, ...payers.map((payer) => payer.accounts[0]!.accountId)];
    const sumBefore = await sumOfBalances(accountsOfTheDay);
    const startedAt = new Date();

    /** The customer's bank app paying the scanned code (`POST /sandbox/qr-payments`). */
    const payByQr = async (payment: Payment) => {
      const { data, error } = await fintech.ob.POST('/sandbox/qr-payments', {
        body: {
          Data: {
            Payload: bills[payment.bill]!.Qr!.Payload,
            Username: payment.payer.username,
            Password: TEST_PASSWORD,
            AccountId: payment.payer.accounts[0]!.accountId,
          },
        },
      });
      if (error) throw error;
      return data!.Data.Bill!.Outcome as string;
    };
    /** The fintech's payment: a consent, the customer's sandbox authorisation, the submission. */
    const payByInitiation = async (payment: Payment) => {
      const bill = bills[payment.bill]!;
      const Initiation = {
        InstructionIdentification: `INS-${bill.BillId.slice(-10)}-${payment.duplicate ? 2 : 1}`,
        EndToEndIdentification: `E2E-${bill.BillId.slice(-10)}-${payment.duplicate ? 2 : 1}`,
        InstructedAmount: { Amount: String(payment.amount), Currency: 'VND' },
        CreditorAccount: {
          SchemeName: 'VN.AccountNumber',
          Identification: bill.CollectionAccount.Identification,
          Name: bill.CollectionAccount.Name,
        },
        CreditorAgent: { SchemeName: 'VN.BIN', Identification: '970415' },
        RemittanceInformation: { Reference: bill.Reference, Unstructured: bill.Description },
      } as const;
      const Risk = { PaymentContextCode: 'BillPayment' } as const;
      const consent = await fintech.ob.POST('/v1/pisp/domestic-payment-consents', {
        body: { Data: { Initiation }, Risk },
      });
      if (consent.error) throw consent.error;
      const ConsentId = consent.data!.Data.ConsentId;
      const session = await fintech.ob.sandbox.authorise({
        consentId: ConsentId,
        username: payment.payer.username,
        password: TEST_PASSWORD,
      });
      const paid = await session.POST('/v1/pisp/domestic-payments', {
        body: { Data: { ConsentId, Initiation }, Risk },
      });
      if (paid.error) throw paid.error;
      return paid.data!.Data.Status as string;
    };
    /** The payment's answer: the QR outcome (`Paid`, `DuplicateRefunded`) or the initiation's status. */
    const pay = (payment: Payment): Promise<string> =>
      payment.channel === 'qr' ? payByQr(payment) : payByInitiation(payment);

    // Act: the day's first payments, concurrently; then the second payments of five paid bills.
    const first = plan.filter((payment) => !payment.duplicate);
    const firstAnswers = await inParallel(
      first.map((payment) => () => pay(payment)),
      IN_FLIGHT,
    );
    const secondAnswers = await inParallel(
      plan.filter((payment) => payment.duplicate).map((payment) => () => pay(payment)),
      IN_FLIGHT,
    );
    const endedAt = new Date();
    const read = await inParallel(
      bills.map((bill) => async () => {
        const { data, error } = await city.ob.GET('/v1/bills/{BillId}', {
          params: { path: { BillId: bill.BillId } },
        });
        if (error) throw error;
        return data!.Data;
      }),
      IN_FLIGHT,
    );

    // Assess: every bill paid once, by the payment planned first; the unpaid ones untouched.
    expect(firstAnswers).toEqual(
      first.map((payment) => (payment.channel === 'qr' ? 'Paid' : 'AcceptedSettlementCompleted')),
    );
    expect(secondAnswers).toEqual(
      TWICE.map((t) => (t.channel === 'qr' ? 'DuplicateRefunded' : 'AcceptedSettlementCompleted')),
    );
    for (const [index, bill] of read.entries()) {
      if (index >= BY_QR + BY_PIS) {
        expect(bill.Status, bill.Reference).toBe('Unpaid');
        continue;
      }
      const firstPayment = plan.find((payment) => payment.bill === index && !payment.duplicate)!;
      expect(bill.Status, bill.Reference).toBe('Paid');
      expect(bill.Payment, bill.Reference).toMatchObject({
        Channel: firstPayment.channel === 'qr' ? 'VietQr' : 'PaymentInitiation',
        Amount: String(firstPayment.amount),
      });
    }

    // The duplicates and overpayments: refund records on the bill, every payer whole again.
    for (const twice of TWICE) {
      expect(read[twice.bill]!.Refunds, read[twice.bill]!.Reference).toEqual([
        expect.objectContaining({
          Kind: 'Automatic',
          Reason: 'DuplicatePayment',
          Status: 'Completed',
          Amount: String(amountOf(twice.bill)),
        }),
      ]);
    }
    for (const [bill, excess] of OVERPAID) {
      expect(read[bill]!.Refunds, read[bill]!.Reference).toEqual([
        expect.objectContaining({
          Kind: 'Automatic',
          Reason: 'Overpayment',
          Status: 'Completed',
          Amount: String(excess),
        }),
      ]);
    }
    const refundedBills = new Set([...TWICE.map((t) => t.bill), ...OVERPAID.keys()]);
    for (const [index, bill] of read.entries()) {
      if (!refundedBills.has(index)) expect(bill.Refunds ?? [], bill.Reference).toEqual([]);
    }
    const payerBalances = await Promise.all(plan.map((p) => balanceOf(p.payer.accounts[0]!.accountId)));
    for (const [i, payment] of plan.entries()) {
      const kept = payment.duplicate ? 0 : amountOf(payment.bill);
      expect(payerBalances[i], `payer of bill ${payment.bill}`).toBe(START - kept);
    }

    // Reconciliation (JSON and CSV) equals the collection account's ledger movements.
    const entries = await shardedHistory(collectionId);
    const credits = entries.filter((entry) => entry.creditDebit === 'Credit');
    const debits = entries.filter((entry) => entry.creditDebit === 'Debit');
    const paidIn = plan.reduce((sum, payment) => sum + payment.amount, 0);
    const refundedOut =
      TWICE.reduce((sum, t) => sum + amountOf(t.bill), 0) + [...OVERPAID.values()].reduce((a, b) => a + b, 0);
    expect(credits).toHaveLength(plan.length);
    expect(debits).toHaveLength(TWICE.length + OVERPAID.size);
    expect(sumOf(credits)).toBe(paidIn);
    expect(sumOf(debits)).toBe(refundedOut);
    // The day runs in Vietnam time: a run across midnight reconciles both days.
    const days = [...new Set([bookingDayOf(startedAt), bookingDayOf(endedAt)])];
    const reports = await Promise.all(
      days.map(async (day) => {
        const { data, error } = await city.ob.GET('/v1/reconciliation/{Date}', {
          params: { path: { Date: day } },
        });
        if (error) throw error;
        return (data as Schemas['ReconciliationResponse']).Data;
      }),
    );
    const csvs = await Promise.all(
      days.map(async (day) => {
        const { data, error, response } = await city.ob.GET('/v1/reconciliation/{Date}', {
          params: { path: { Date: day } },
          headers: { accept: 'text/csv' },
          parseAs: 'text',
        });
        if (error) throw error;
        expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        return parseCsv(data as unknown as string);
      }),
    );
    const items = reports.flatMap((report) => report.Items);
    const total = (name: 'Paid' | 'Refunded' | 'Net') =>
      reports.reduce((sum, report) => sum + Number(report.Totals[name]), 0);
    expect(total('Paid')).toBe(sumOf(credits));
    expect(total('Refunded')).toBe(sumOf(debits));
    expect(total('Net')).toBe((await readShardedBalance(collectionId)).balance);
    expect(items.map((item) => item.LedgerReference).sort()).toEqual(
      entries.map((entry) => entry.postingId).sort(),
    );
    const ledgerAmounts = new Map(entries.map((entry) => [entry.postingId, entry.amount]));
    for (const item of items) expect(Number(item.Amount)).toBe(ledgerAmounts.get(item.LedgerReference));
    const billIds = new Set(bills.map((bill) => bill.BillId));
    expect(items.filter((item) => item.BillId === undefined || !billIds.has(item.BillId))).toEqual([]);
    const referenceOf = new Map(bills.map((bill) => [bill.BillId, bill.Reference]));
    expect(items.filter((item) => item.Reference !== referenceOf.get(item.BillId!))).toEqual([]);
    const csvRows = csvs.flatMap((csv) => csv.rows);
    expect(csvRows.map((row) => row.LedgerReference).sort()).toEqual(
      items.map((item) => item.LedgerReference).sort(),
    );
    for (const row of csvRows) expect(row.Amount).toBe(String(ledgerAmounts.get(row.LedgerReference!)));
    for (const name of ['Paid', 'Refunded', 'Net'] as const) {
      expect(csvs.reduce((sum, csv) => sum + Number(csv.totals.get(name)), 0)).toBe(total(name));
    }

    // Webhooks: exactly one signed bill.paid per paid bill (deduplicated by webhook-id), and a
    // bill.refunded per refund.
    const paidBills = new Set(bills.slice(0, BY_QR + BY_PIS).map((bill) => bill.BillId));
    const unique = () => [...receiver.unique.values()];
    await receiver.until(
      () =>
        new Set(
          unique()
            .filter((e) => e.type === 'bill.paid')
            .map((e) => e.data.BillId),
        ).size === paidBills.size &&
        unique().filter((e) => e.type === 'bill.refunded').length === refundedBills.size,
      120_000,
      'the bill.paid and bill.refunded deliveries',
    );
    expect(receiver.forged).toBe(0);
    const paidEvents = unique().filter((event) => event.type === 'bill.paid');
    expect(paidEvents).toHaveLength(paidBills.size);
    expect(new Set(paidEvents.map((event) => event.data.BillId))).toEqual(paidBills);
    for (const event of paidEvents) {
      const bill = read.find((b) => b.BillId === event.data.BillId)!;
      expect(event.data).toMatchObject({ Status: 'Paid', Reference: bill.Reference });
    }
    // Retries reuse the webhook-id: no bill.paid arrived under a second id.
    const paidIds = new Set(receiver.requests.filter((r) => r.type === 'bill.paid').map((r) => r.id));
    expect(paidIds.size).toBe(paidBills.size);
    const refundEvents = unique().filter((event) => event.type === 'bill.refunded');
    expect(refundEvents.map((event) => event.data.BillId).sort()).toEqual(
      [
        ...TWICE.map((t) => bills[t.bill]!.BillId),
        ...[...OVERPAID.keys()].map((b) => bills[b]!.BillId),
      ].sort(),
    );
    expect(refundEvents.every((event) => event.data.RefundKind === 'Automatic')).toBe(true);
    const ledgerDebits = new Set(debits.map((entry) => entry.postingId));
    expect(refundEvents.every((event) => ledgerDebits.has(event.data.PostingId))).toBe(true);

    // Conservation: the accounts of the day hold together what they held before, and every
    // posting that touched them since stayed among them (no dong came from or went elsewhere).
    expect(await sumOfBalances(accountsOfTheDay)).toBe(sumBefore);
    const touched = new Set(accountsOfTheDay);
    const dayEntries = (await Promise.all(payers.map((payer) => ledgerHistory(payer.accounts[0]!.accountId))))
      .flat()
      .filter((entry) => entry.bookedAt >= startedAt.toISOString());
    const postings = await getPostings([
      ...new Set([...dayEntries, ...entries].map((entry) => entry.postingId)),
    ]);
    expect(postings).toHaveLength(new Set([...dayEntries, ...entries].map((e) => e.postingId)).size);
    for (const posting of postings) {
      expect(
        touched.has(posting.debitAccountId) && touched.has(posting.creditAccountId),
        posting.postingId,
      ).toBe(true);
    }
  });
});

function sumOf(entries: readonly { amount: number }[]): number {
  return entries.reduce((sum, entry) => sum + entry.amount, 0);
}

/** The balances of these accounts added up (a sharded account over all its shards). */
async function sumOfBalances(accountIds: readonly string[]): Promise<number> {
  const balances = await Promise.all(
    accountIds.map(async (accountId) =>
      accountId.startsWith('collection-')
        ? (await readShardedBalance(accountId)).balance
        : balanceOf(accountId),
    ),
  );
  return balances.reduce((sum, balance) => sum + balance, 0);
}

/** The reconciliation CSV read back: its movement rows by column, and its totals. */
function parseCsv(text: string): { rows: Record<string, string>[]; totals: Map<string, string> } {
  const lines = text.replace(/^\uFEFF/, '').split('\r\n');
  const header = lines[0]!.split(',');
  const blank = lines.indexOf('');
  const rows = lines
    .slice(1, blank)
    .map((line) => Object.fromEntries(splitRow(line).map((cell, i) => [header[i]!, cell])));
  const totals = new Map(
    lines
      .slice(blank + 1)
      .filter(Boolean)
      .map((line) => splitRow(line) as [string, string]),
  );
  return { rows, totals };
}

/** One RFC 4180 row: commas inside double quotes belong to the cell. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted && char === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}
