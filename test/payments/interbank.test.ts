import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { bankAccounts } from '../../functions/domain/ledger/accounts.ts';
import { bookingDayOf } from '../../functions/domain/ledger/booking-day.ts';
import {
  type SettlementAnswer,
  type SettlementConnector,
  sandboxSettlementConnector,
} from '../../functions/domain/payments/settlement.ts';
import { SETTLEMENT_DELAY_MS } from '../../functions/domain/payments/status.ts';
import { documents, mainTableName } from '../../functions/store/client.ts';
import { listEvents } from '../../functions/store/events.ts';
import { keys } from '../../functions/store/keys.ts';
import { listOpsExceptions } from '../../functions/store/ledger/exceptions.ts';
import { bookedToday } from '../../functions/store/payments/daily-totals.ts';
import { getPayment } from '../../functions/store/payments.ts';
import { settleInterbankPayments } from '../../functions/use-cases/payments/settle-interbank-payments.ts';
import { settlementConnectorFor } from '../../functions/use-cases/payments/settlement-connector.ts';
import { createCustomer, type TestCustomer } from '../helpers/customers.ts';
import { useGateway } from '../helpers/gateway.ts';
import { getPosting, ledgerHistory } from '../ledger/fixtures.ts';
import { balanceOf, initiation, otherBankPayee, PayingFintech } from './fixtures.ts';

const api = useGateway();

/** A connector whose receiving banks all give the same answer. */
const answering = (answer: SettlementAnswer): SettlementConnector => ({
  name: `always ${answer}`,
  outcomeOf: async () => answer,
});

/** A moment at which every payment submitted so far is due for settlement. */
const due = () => new Date(Date.now() + SETTLEMENT_DELAY_MS + 1000);

describe('interbank domestic payments through NAPAS 247', () => {
  let fintech: PayingFintech;
  let payer: TestCustomer;

  beforeAll(async () => {
    [fintech, payer] = await Promise.all([PayingFintech.register(api.url), createCustomer([20_000_000])]);
  });

  /** Authorises and submits a payment of `amount` to `payee`; returns the answer. */
  async function payOut(amount: string, payee = otherBankPayee()) {
    const {
      consentId,
      token,
      initiation: init,
    } = await fintech.authorisedConsent(payer, initiation(payee, amount));
    return fintech.pay(token, consentId, init);
  }

  it('debits the customer to NAPAS clearing in process, then the worker completes it', async () => {
    // Prepare
    const from = payer.accounts[0]!;
    const before = await balanceOf(from.accountId);
    // Act: submission
    const paid = await payOut('2000000');
    const paymentId = paid.json.Data.DomesticPaymentId;
    const early = await settleInterbankPayments({ now: new Date(), clientId: fintech.clientId });
    const inProcess = await fintech.getPayment(paymentId);
    // Act: NAPAS settles
    const run = await settleInterbankPayments({ now: due(), clientId: fintech.clientId });
    const again = await settleInterbankPayments({ now: due(), clientId: fintech.clientId });
    const settled = await fintech.getPayment(paymentId);
    // Assess: booked to clearing at once
    expect(paid.status).toBe(201);
    expect(paid.json.Data.Status).toBe('AcceptedSettlementInProcess');
    expect(await balanceOf(from.accountId)).toBe(before - 2_000_000);
    const debit = (await ledgerHistory(from.accountId)).at(-1)!;
    expect(await getPosting(debit.postingId)).toMatchObject({
      kind: 'interbank-payment',
      amount: 2_000_000,
      debitAccountId: from.accountId,
      creditAccountId: bankAccounts.napasClearing,
      sourceId: paymentId,
    });
    expect(debit.counterparty).toMatchObject({ bankBin: '970436', name: 'TRẦN THỊ BÌNH' });
    // Assess: settled once, when due
    expect(early.completed).toBe(0);
    expect(inProcess.json.Data.Status).toBe('AcceptedSettlementInProcess');
    expect(run).toEqual({ completed: 1, rejected: 0, skipped: 0, failed: 0, pending: 0 });
    expect(again.completed + again.rejected).toBe(0);
    expect(settled.json.Data.Status).toBe('AcceptedSettlementCompleted');
    expect(settled.json.Data.StatusHistory.map((change: { Status: string }) => change.Status)).toEqual([
      'AcceptedSettlementInProcess',
      'AcceptedSettlementCompleted',
    ]);
    expect(settled.json.Data.StatusUpdateDateTime).toBe(
      settled.json.Data.StatusHistory[1].StatusUpdateDateTime,
    );
    expect(await balanceOf(from.accountId)).toBe(before - 2_000_000);
    // The worker ran on a clock moved forward, so its event is stamped then.
    const { events } = await listEvents(fintech.clientId, { settleMs: 0, limit: 100, now: due() });
    const statuses = events
      .filter((event) => event.data.DomesticPaymentId === paymentId)
      .map((event) => [event.data.Status, event.sequence]);
    expect(statuses).toEqual([
      ['AcceptedSettlementInProcess', 1],
      ['AcceptedSettlementCompleted', 2],
    ]);
  });

  it('returns the funds when the receiving bank refuses, conserving money and the day’s total', async () => {
    // Prepare
    const from = payer.accounts[0]!;
    const before = await balanceOf(from.accountId);
    const day = bookingDayOf(new Date());
    const totalBefore = await bookedToday(payer.customerId, day);
    // Act
    const paid = await payOut('3500000', otherBankPayee('0071000000'));
    const paymentId = paid.json.Data.DomesticPaymentId;
    const whileInProcess = await balanceOf(from.accountId);
    const totalWhileInProcess = await bookedToday(payer.customerId, day);
    const [first, second] = await Promise.all([
      settleInterbankPayments({ now: due(), clientId: fintech.clientId }),
      settleInterbankPayments({ now: due(), clientId: fintech.clientId }),
    ]);
    const read = await fintech.getPayment(paymentId);
    // Assess: refused and returned exactly once
    expect(whileInProcess).toBe(before - 3_500_000);
    expect(first.rejected + second.rejected).toBe(1);
    expect(first.completed + second.completed).toBe(0);
    expect(await balanceOf(from.accountId)).toBe(before);
    expect(read.json.Data).toMatchObject({
      Status: 'Rejected',
      StatusDetail: { StatusReason: 'ReceivingBankRejected' },
    });
    expect(read.json.Data.StatusHistory.map((change: { Status: string }) => change.Status)).toEqual([
      'AcceptedSettlementInProcess',
      'Rejected',
    ]);
    // Assess: the reversal mirrors the payment, so clearing nets to zero for it
    const stored = (await getPayment(paymentId))!;
    const [payment, reversal] = await Promise.all([
      getPosting(stored.postingId!),
      getPosting(stored.reversalPostingId!),
    ]);
    expect(payment).toMatchObject({
      amount: 3_500_000,
      debitAccountId: from.accountId,
      creditAccountId: bankAccounts.napasClearing,
    });
    expect(reversal).toMatchObject({
      kind: 'reversal',
      amount: 3_500_000,
      debitAccountId: bankAccounts.napasClearing,
      creditAccountId: from.accountId,
      sourceId: paymentId,
    });
    // Clearing is sharded: the reversal takes the money back from the shard the payment credited.
    expect(payment!.creditShard).toEqual(expect.any(Number));
    expect(reversal!.debitShard).toBe(payment!.creditShard);
    const lines = (await ledgerHistory(from.accountId)).slice(-2);
    expect(lines.map((line) => [line.creditDebit, line.amount])).toEqual([
      ['Debit', 3_500_000],
      ['Credit', 3_500_000],
    ]);
    expect(lines[1]!.bankTransactionCode).toEqual({ code: 'RCDT', subCode: 'RRTN' });
    expect(totalWhileInProcess).toBe(totalBefore + 3_500_000);
    expect(await bookedToday(payer.customerId, day)).toBe(totalBefore);
  });

  it('lets the worker be told the outcome, whatever the sandbox rule would say', async () => {
    // Prepare
    const from = payer.accounts[0]!;
    const before = await balanceOf(from.accountId);
    const paid = await payOut('100000');
    // Act
    const run = await settleInterbankPayments({
      now: due(),
      clientId: fintech.clientId,
      connector: answering('Rejected'),
    });
    // Assess
    expect(run.rejected).toBe(1);
    expect((await fintech.getPayment(paid.json.Data.DomesticPaymentId)).json.Data.Status).toBe('Rejected');
    expect(await balanceOf(from.accountId)).toBe(before);
  });
  it('reports no settlement it has not received: without a connector (live) or before an answer, the payment stays in process', async () => {
    // Prepare
    const from = payer.accounts[0]!;
    const paid = await payOut('120000');
    const paymentId = paid.json.Data.DomesticPaymentId;
    const before = await balanceOf(from.accountId);
    // Act
    const live = await settleInterbankPayments({
      now: due(),
      clientId: fintech.clientId,
      connector: undefined,
    });
    const waiting = await settleInterbankPayments({
      now: due(),
      clientId: fintech.clientId,
      connector: answering('pending'),
    });
    const read = await fintech.getPayment(paymentId);
    const settled = await settleInterbankPayments({
      now: due(),
      clientId: fintech.clientId,
      connector: sandboxSettlementConnector,
    });
    // Assess
    expect(live).toEqual({ completed: 0, rejected: 0, skipped: 0, failed: 0, pending: 1 });
    expect(waiting).toEqual({ completed: 0, rejected: 0, skipped: 0, failed: 0, pending: 1 });
    expect(read.json.Data.Status).toBe('AcceptedSettlementInProcess');
    expect(read.json.Data.StatusHistory).toHaveLength(1);
    expect(await balanceOf(from.accountId)).toBe(before);
    expect(settled.completed).toBe(1);
    // The deployment's configuration: the simulator only in sandbox, nothing in live.
    expect(settlementConnectorFor({ SANDBOX: '1' })).toBe(sandboxSettlementConnector);
    expect(settlementConnectorFor({ SANDBOX: '0' })).toBeUndefined();
    expect(settlementConnectorFor({})).toBeUndefined();
  });

  it('completes a return into a debtor account disabled meanwhile, with an exception for the desk', async () => {
    // Prepare
    const owner = await createCustomer([5_000_000]);
    const from = owner.accounts[0]!;
    const {
      consentId,
      token,
      initiation: init,
    } = await fintech.authorisedConsent(owner, initiation(otherBankPayee(), '700000'));
    const paid = await fintech.pay(token, consentId, init);
    const paymentId = paid.json.Data.DomesticPaymentId;
    await documents.send(
      new UpdateCommand({
        TableName: mainTableName(),
        Key: keys.account(from.accountId),
        UpdateExpression: 'SET #status = :disabled',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':disabled': 'Disabled' },
      }),
    );
    // Act
    const run = await settleInterbankPayments({
      now: due(),
      clientId: fintech.clientId,
      connector: answering('Rejected'),
    });
    const again = await settleInterbankPayments({
      now: due(),
      clientId: fintech.clientId,
      connector: answering('Rejected'),
    });
    // Assess: returned at once, not retried forever
    expect(paid.status).toBe(201);
    expect(run).toMatchObject({ rejected: 1, failed: 0 });
    expect(again).toMatchObject({ rejected: 0, failed: 0, pending: 0 });
    expect((await fintech.getPayment(paymentId)).json.Data.Status).toBe('Rejected');
    expect(await balanceOf(from.accountId)).toBe(5_000_000);
    const stored = (await getPayment(paymentId))!;
    expect(await getPosting(stored.reversalPostingId!)).toMatchObject({ creditAccountId: from.accountId });
    const exceptions = (await listOpsExceptions(bookingDayOf(new Date()))).filter(
      (exception) => exception.sourceId === paymentId,
    );
    expect(exceptions).toMatchObject([
      {
        kind: 'reversal-to-disabled-account',
        accountId: from.accountId,
        amount: 700_000,
        postingId: stored.reversalPostingId,
        status: 'Open',
      },
    ]);
  });
});
