import { beforeAll, describe, expect, it } from 'vitest';
import { createCustomer } from '../helpers/customers.ts';
import { Fintech } from '../helpers/fintech.ts';
import { useGateway } from '../helpers/gateway.ts';
import { balanceOf } from '../payments/fixtures.ts';
import { CityPartner, payByQr } from './city.ts';

const api = useGateway();

describe('a bill belongs to the partner that issued it', () => {
  let mine: CityPartner;
  let theirs: CityPartner;

  beforeAll(async () => {
    [mine, theirs] = await Promise.all([
      CityPartner.register(api.url, 'Sở Tài chính Hà Nội'),
      CityPartner.register(api.url, 'Sở Tài chính Huế'),
    ]);
  });

  it('another partner can neither read, list, cancel nor refund it, and learns nothing', {
    timeout: 120_000,
  }, async () => {
    // Prepare
    const unpaid = await mine.issue({ Amount: '500000' });
    const paid = await mine.issue({ Amount: '400000' });
    const payer = await createCustomer([1_000_000]);
    await payByQr(api.url, {
      Payload: paid.Qr.Payload,
      Username: payer.username,
      AccountId: payer.accounts[0]!.accountId,
    });
    // Act
    const read = await theirs.get(unpaid.BillId);
    const cancelled = await theirs.cancel(unpaid.BillId);
    const refunded = await theirs.refund(paid.BillId, { RefundId: 'RF-X', Amount: '400000', Reason: 'Thử' });
    const listed = await theirs.list();
    // Assess
    expect([read.status, cancelled.status, refunded.status]).toEqual([404, 404, 404]);
    // A 404 echoes only the id the caller sent: nothing of the bill itself.
    const seen = JSON.stringify([read.json, cancelled.json, refunded.json]);
    for (const secret of [
      unpaid.Reference,
      paid.Reference,
      unpaid.PayerName,
      unpaid.CollectionAccount.Identification,
    ])
      expect(seen).not.toContain(secret);
    expect(listed.json.Data.Bill).toEqual([]);
    expect((await mine.get(unpaid.BillId)).json.Data.Status).toBe('Unpaid');
    expect((await mine.get(paid.BillId)).json.Data.Refunds).toEqual([]);
    expect(await balanceOf(payer.accounts[0]!.accountId)).toBe(600_000);
  });

  it('a fintech without scope bills cannot read bills at all', async () => {
    // Prepare
    const bill = await mine.issue();
    const fintech = await new Fintech(api.url).register({
      scope: 'accounts payments',
      grant_types: ['client_credentials'],
    });
    const token = await fintech.clientToken('payments');
    // Act: oauth4webapi surfaces the 403 challenge as an error carrying the response's status
    const answers = await Promise.all(
      [`/v1/bills/${bill.BillId}`, '/v1/bills'].map((path) =>
        fintech
          .call(token, 'GET', path)
          .catch((error: { status: number; cause: { parameters: Record<string, string> }[] }) => error),
      ),
    );
    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(403);
      expect((answer as { cause: { parameters: Record<string, string> }[] }).cause[0]!.parameters).toEqual({
        error: 'insufficient_scope',
        scope: 'bills',
      });
    }
  });
});
