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
