import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { OWN_BANK_BIN } from '../../functions/domain/banks.ts';
import { bookingDayOf } from '../../functions/domain/ledger/booking-day.ts';
import { encodeVietQr } from '../../functions/domain/vietqr/encode.ts';
import { listEvents } from '../../functions/store/events.ts';
import { readShardedBalance } from '../../functions/store/ledger/shards.ts';
import { queryEntries } from '../../functions/store/ledger-entries.ts';
import { bookedToday } from '../../functions/store/payments/daily-totals.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { balanceOf, initiation, PayingFintech } from '../payments/fixtures.ts';
import { CityPartner, payByQr } from './city.ts';

const api = useGateway();
let city: CityPartner;

beforeAll(async () => {
  city = await CityPartner.register(api.url, 'UBND Quận Ba Đình');
});

const collection = () => `collection-${city.clientId}`;

/** A bill's collection account as a payment initiation's creditor. */
const collectionPayee = (bill: { CollectionAccount: { Identification: string; Name: string } }) => ({
  number: bill.CollectionAccount.Identification,
  bin: '970415',
  name: bill.CollectionAccount.Name,
});

/** The customer's bank app paying a bill's code from the customer's first account. */
const payFirstAccount = (
  bill: { Qr: { Payload: string } },
  payer: TestCustomer,
  headers?: Record<string, string>,
) =>
  payByQr(
    api.url,
    { Payload: bill.Qr.Payload, Username: payer.username, AccountId: payer.accounts[0]!.accountId },
    headers,
  );

describe('paying a bill by VietQR (POST /sandbox/qr-payments)', { timeout: 120_000 }, () => {
  it('pays the bill once: Paid with bill.paid, the collection account credited, the payer debited', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '350000' });
    const payer = await createCustomer([1_000_000]);
    const before = (await readShardedBalance(collection())).balance;
    // Act
    const paid = await payFirstAccount(bill, payer);
    const read = await city.get(bill.BillId);
    // Assess
    expect(paid.status).toBe(201);
    expect(paid.json.Data.Bill).toEqual({ BillId: bill.BillId, Status: 'Paid', Outcome: 'Paid' });
    expect(read.json.Data).toMatchObject({
      Status: 'Paid',
      Payment: { Channel: 'VietQr', Amount: '350000', PaymentId: paid.json.Data.QrPaymentId },
    });
    expect(read.json.Data.Qr).toBeUndefined();
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(650_000);
    expect((await readShardedBalance(collection())).balance - before).toBe(350_000);
    const { events } = await listEvents(city.clientId, { limit: 100, settleMs: 0 });
    expect(events.filter((e) => e.eventType === 'bill.paid' && e.data.BillId === bill.BillId)).toHaveLength(
      1,
    );
  });

  it("cuts the payer's statement line to 140 characters without splitting an emoji of the description", async () => {
    // Prepare: 'Thanh toán <15-character reference> - ' is 29 characters, so the description's first
    // emoji straddles the 139th UTF-16 unit, where a cut by units would keep half of it.
    const reference = `HP-${randomUUID().slice(0, 12)}`;
    const bill = await city.issue({
      Reference: reference,
      Amount: '350000',
      Description: `${'a'.repeat(109)}${'🎓'.repeat(5)}`,
    });
    const payer = await createCustomer([1_000_000]);
    const accountId = payer.accounts[0]!.accountId;
    // Act
    const paid = await payFirstAccount(bill, payer);
    const { entries } = await queryEntries({
      accountId,
      from: '2000-01-01T00:00:00.000Z',
      to: '2100-01-01T00:00:00.000Z',
      pageSize: 10,
    });
    // Assess
    expect(paid.status).toBe(201);
    const line = entries.find((entry) => entry.description.startsWith('Thanh toán'))!.description;
    expect(line).toBe(`Thanh toán ${reference} - ${'a'.repeat(109)}🎓…`);
    expect([...line]).toHaveLength(140);
  });

  it("counts the payment in the customer's daily total, so a fintech's next payment sees it (Decision 2345)", async () => {
    // Prepare
    const bill = await city.issue({ Amount: '12000000' });
    const payer = await createCustomer([20_000_000]);
    // Act
    const paid = await payFirstAccount(bill, payer);
    // Assess
    expect(paid.status).toBe(201);
    expect(await bookedToday(payer.customerId, bookingDayOf(new Date()))).toBe(12_000_000);
  });

  it('refunds a second payment of a paid bill automatically, linked to its posting', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '200000' });
    const [first, second] = await Promise.all([createCustomer([500_000]), createCustomer([500_000])]);
    await payFirstAccount(bill, first);
    // Act
    const again = await payFirstAccount(bill, second);
    const read = await city.get(bill.BillId);
    // Assess
    expect(again.status).toBe(201);
    expect(again.json.Data.Bill).toMatchObject({
      Status: 'Paid',
      Outcome: 'DuplicateRefunded',
      Refund: { Amount: '200000' },
    });
    expect(await balanceOf(second.accounts[0]!.accountId)).toBe(500_000);
    expect(read.json.Data.Refunds).toEqual([
      expect.objectContaining({
        Kind: 'Automatic',
        Reason: 'DuplicatePayment',
        Status: 'Completed',
        Amount: '200000',
        PaymentId: again.json.Data.QrPaymentId,
      }),
    ]);
    const { events } = await listEvents(city.clientId, { limit: 100, settleMs: 0 });
    expect(
      events.filter((e) => e.eventType === 'bill.refunded' && e.data.BillId === bill.BillId),
    ).toHaveLength(1);
  });

  it('refuses an amount other than the dynamic code carries, before money moves', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '100000' });
    const payer = await createCustomer([300_000]);
    const payload = bill.Qr.Payload as string;
    // Act
    const mismatch = await payByQr(api.url, {
      Payload: payload,
      Username: payer.username,
      AccountId: payer.accounts[0]!.accountId,
      Amount: '150000',
    });
    // Assess
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.Errors[0].ErrorCode).toBe('VN.OB.QrPayment.AmountMismatch');
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(300_000);
  });

  it('refuses a payment the account cannot cover with a 422 before money moves, and so is a retry under the same key', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '350000' });
    const payer = await createCustomer([100_000]);
    const accountId = payer.accounts[0]!.accountId;
    const before = (await readShardedBalance(collection())).balance;
    const key = { 'x-idempotency-key': randomUUID() };
    const pay = () =>
      payByQr(api.url, { Payload: bill.Qr.Payload, Username: payer.username, AccountId: accountId }, key);
    // Act
    const refused = await pay();
    const retried = await pay();
    // Assess
    for (const answer of [refused, retried]) {
      expect(answer.status).toBe(422);
      expect(answer.json.Errors).toEqual([
        expect.objectContaining({ ErrorCode: 'VN.OB.QrPayment.InsufficientFunds', Path: 'Data.AccountId' }),
      ]);
    }
    expect(await balanceOf(accountId)).toBe(100_000);
    expect((await readShardedBalance(collection())).balance).toBe(before);
    expect((await city.get(bill.BillId)).json.Data.Status).toBe('Unpaid');
  });

  it('refuses a wrong password with a 403 before money moves', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '350000' });
    const payer = await createCustomer([1_000_000]);
    const accountId = payer.accounts[0]!.accountId;
    // Act
    const refused = await payByQr(api.url, {
      Payload: bill.Qr.Payload,
      Username: payer.username,
      AccountId: accountId,
      Password: 'not-the-password',
    });
    // Assess
    expect(refused.status).toBe(403);
    expect(refused.json.Errors[0].ErrorCode).toBe('VN.OB.Sandbox.InvalidCredentials');
    expect(await balanceOf(accountId)).toBe(1_000_000);
  });

  it('refuses a cancelled bill before money moves', async () => {
    // Prepare
    const bill = await city.issue();
    const payer = await createCustomer([3_000_000]);
    await city.cancel(bill.BillId);
    // Act
    const paid = await payFirstAccount(bill, payer);
    // Assess
    expect(paid.status).toBe(409);
    expect(paid.json.Errors[0].ErrorCode).toBe('VN.OB.Bills.NotPayable');
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(3_000_000);
  });
});

describe('paying a transfer code by VietQR (POST /sandbox/qr-payments)', { timeout: 120_000 }, () => {
  it('refuses a code for the very account paying it with a 400 naming the account, and a retry gets the same answer', async () => {
    // Prepare
    const payer = await createCustomer([300_000]);
    const own = payer.accounts[0]!;
    const code = encodeVietQr({
      bankBin: OWN_BANK_BIN,
      accountNumber: own.accountNumber,
      service: 'QRIBFTTA',
      amount: '1000',
    });
    if (!code.ok) throw new Error(JSON.stringify(code.errors));
    const key = { 'x-idempotency-key': randomUUID() };
    const pay = () =>
      payByQr(api.url, { Payload: code.payload, Username: payer.username, AccountId: own.accountId }, key);
    // Act
    const first = await pay();
    const retried = await pay();
    // Assess
    for (const answer of [first, retried]) {
      expect(answer.status).toBe(400);
      expect(answer.json.Errors[0]).toMatchObject({
        ErrorCode: 'VN.OB.QrPayment.SameAccount',
        Path: 'Data.AccountId',
      });
    }
    expect(await balanceOf(own.accountId)).toBe(300_000);
  });
});

describe('paying a bill by payment initiation', { timeout: 120_000 }, () => {
  let fintech: PayingFintech;
  beforeAll(async () => {
    fintech = await PayingFintech.register(api.url);
  });

  it('matches the payment to the bill by its Reference inside the payment transaction, and refunds an overpayment', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '450000' });
    const payer = await createCustomer([2_000_000]);
    const payee = collectionPayee(bill);
    const init = initiation(payee, '500000', {
      RemittanceInformation: { Reference: bill.Reference, Unstructured: 'Học phí' },
    });
    const { consentId, token } = await fintech.authorisedConsent(payer, init);
    // Act
    const paid = await fintech.pay(token, consentId, init);
    const read = await city.get(bill.BillId);
    // Assess
    expect(paid.status).toBe(201);
    expect(read.json.Data).toMatchObject({
      Status: 'Paid',
      AmountDue: '450000',
      Payment: {
        Channel: 'PaymentInitiation',
        Amount: '500000',
        PaymentId: paid.json.Data.DomesticPaymentId,
      },
    });
    expect(read.json.Data.Refunds).toEqual([
      expect.objectContaining({ Reason: 'Overpayment', Amount: '50000', Status: 'Completed' }),
    ]);
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(1_550_000);
  });

  it('matches a Reference the payer typed in decomposed Unicode (NFD) to the bill, as it was issued (NFC, trimmed)', async () => {
    // Prepare: the partner sends its reference with a space around it; the payer's bank app decomposes it.
    const reference = `HỒ SƠ-${randomUUID().slice(0, 8)}`;
    const bill = await city.issue({ Amount: '120000', Reference: ` ${reference} ` });
    const payer = await createCustomer([1_000_000]);
    const payee = collectionPayee(bill);
    const init = initiation(payee, '120000', {
      RemittanceInformation: { Reference: reference.normalize('NFD') },
    });
    const { consentId, token } = await fintech.authorisedConsent(payer, init);
    // Act
    const paid = await fintech.pay(token, consentId, init);
    const read = await city.get(bill.BillId);
    // Assess
    expect(bill.Reference).toBe(reference);
    expect(paid.status).toBe(201);
    expect(read.json.Data.Status).toBe('Paid');
  });

  it('refuses a payment naming no bill of the partner before money moves', async () => {
    // Prepare
    const bill = await city.issue({ Amount: '450000' });
    const payer = await createCustomer([2_000_000]);
    const payee = collectionPayee(bill);
    const init = initiation(payee, '450000', {
      RemittanceInformation: { Reference: `NOPE-${randomUUID().slice(0, 8)}` },
    });
    const { consentId, token } = await fintech.authorisedConsent(payer, init);
    // Act
    const paid = await fintech.pay(token, consentId, init);
    // Assess
    expect(paid.status).toBe(400);
    expect(paid.json.Errors[0]).toMatchObject({
      ErrorCode: 'VN.OB.Bills.UnknownBill',
      Path: 'Data.Initiation.RemittanceInformation.Reference',
    });
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(2_000_000);
  });
});
