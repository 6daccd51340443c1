import { beforeAll, describe, expect, it } from 'vitest';
import { listEvents } from '../../functions/store/events.ts';
import { readShardedBalance } from '../../functions/store/ledger/shards.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { balanceOf } from '../payments/fixtures.ts';
import { CityPartner, payByQr } from './city.ts';

const api = useGateway();
const PAYERS = 20;
const AMOUNT = 125_000;
const START = 1_000_000;

describe('racing payments', () => {
  let city: CityPartner;
  let payers: TestCustomer[];

  beforeAll(async () => {
    city = await CityPartner.register(api.url, 'Bệnh viện Bạch Mai');
    payers = [];
    for (let i = 0; i < PAYERS; i += 5) {
      payers.push(...(await Promise.all(Array.from({ length: 5 }, () => createCustomer([START])))));
    }
  });

  it('20 concurrent payments of one bill leave it paid once, with 19 automatic refunds and every dong accounted for', {
    timeout: 180_000,
  }, async () => {
    // Prepare
    const bill = await city.issue({ Category: 'hospital-fee', Amount: String(AMOUNT) });
    const collection = `collection-${city.clientId}`;
    const before = (await readShardedBalance(collection)).balance;
    // Act
    const answers = await Promise.all(
      payers.map((payer) =>
        payByQr(api.url, {
          Payload: bill.Qr.Payload,
          Username: payer.username,
          AccountId: payer.accounts[0]!.accountId,
        }),
      ),
    );
    // Assess: no payer sees an error
    expect(answers.map((answer) => answer.status)).toEqual(Array(PAYERS).fill(201));
    const outcomes = answers.map((answer) => answer.json.Data.Bill.Outcome);
    expect(outcomes.filter((outcome) => outcome === 'Paid')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'DuplicateRefunded')).toHaveLength(PAYERS - 1);
    // the bill: paid once, by the winner, with 19 completed refunds
    const read = await city.get(bill.BillId);
    const winner = answers.find((answer) => answer.json.Data.Bill.Outcome === 'Paid')!;
    expect(read.json.Data.Payment.PaymentId).toBe(winner.json.Data.QrPaymentId);
    expect(read.json.Data.Refunds).toHaveLength(PAYERS - 1);
    expect(read.json.Data.Refunds.every((refund: { Status: string }) => refund.Status === 'Completed')).toBe(
      true,
    );
    // conservation: the city keeps exactly one payment, each loser is whole again
    const balances = await Promise.all(payers.map((payer) => balanceOf(payer.accounts[0]!.accountId)));
    expect(balances.filter((balance) => balance === START - AMOUNT)).toHaveLength(1);
    expect(balances.filter((balance) => balance === START)).toHaveLength(PAYERS - 1);
    expect((await readShardedBalance(collection)).balance - before).toBe(AMOUNT);
    const { events } = await listEvents(city.clientId, { limit: 100, settleMs: 0 });
    const ofBill = events.filter((event) => event.data.BillId === bill.BillId);
    expect(ofBill.filter((event) => event.eventType === 'bill.paid')).toHaveLength(1);
    expect(ofBill.filter((event) => event.eventType === 'bill.refunded')).toHaveLength(PAYERS - 1);
  });
});

describe('racing refunds of one bill', () => {
  let city: CityPartner;
  beforeAll(async () => {
    city = await CityPartner.register(api.url, 'Trường THPT Chu Văn An');
  });

  async function paidBill(amount: number) {
    const bill = await city.issue({ Amount: String(amount) });
    const payer = await createCustomer([START]);
    const accountId = payer.accounts[0]!.accountId;
    await payByQr(api.url, { Payload: bill.Qr.Payload, Username: payer.username, AccountId: accountId });
    return { bill, accountId };
  }

  it('the same RefundId sent three times at once books once, and every request answers that refund', async () => {
    // Prepare
    const { bill, accountId } = await paidBill(100_000);
    const data = { RefundId: 'RF-SAME', Amount: '1000', Reason: 'Miễn giảm' };
    // Act
    const answers = await Promise.all([1, 2, 3].map(() => city.refund(bill.BillId, data)));
    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((answer) => JSON.stringify(answer.json.Data.Refund))).size).toBe(1);
    expect(await balanceOf(accountId)).toBe(START - 100_000 + 1_000);
  });

  it('eight small refunds at once: each is booked or told to retry (409), never that it exceeds what was paid', async () => {
    // Prepare
    const { bill, accountId } = await paidBill(100_000);
    // Act
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        city.refund(bill.BillId, { RefundId: `RF-${i}`, Amount: '1', Reason: 'x' }),
      ),
    );
    const read = await city.get(bill.BillId);
    // Assess
    const booked = answers.filter((answer) => answer.status === 201).length;
    for (const answer of answers.filter((one) => one.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.json.Errors[0].ErrorCode).toBe('VN.OB.Ledger.ConcurrentModification');
      expect(answer.headers.get('retry-after')).toBeTruthy();
    }
    expect(booked).toBeGreaterThan(0);
    expect(read.json.Data.Refunds).toHaveLength(booked);
    expect(await balanceOf(accountId)).toBe(START - 100_000 + booked);
  });
});
