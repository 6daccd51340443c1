import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keys } from '../../functions/store/keys.ts';
import { processBillBatches } from '../../functions/use-cases/bills/process-bill-batches.ts';
import { onDynamoCall } from '../helpers/dynamo-recorder.ts';
import { useGateway } from '../helpers/gateway.ts';
import { billBody, CityPartner } from './city.ts';

const api = useGateway();
const ITEMS = 40;

describe('the batch worker reads the partner once per batch', () => {
  it("creates a batch's bills with one read of the partner's collection account, not one per item", {
    timeout: 180_000,
  }, async () => {
    // Prepare: a partner with its collection account, and a batch of 40 bills, one of them bad.
    const city = await CityPartner.register(api.url, 'Sở Giáo dục và Đào tạo Hải Phòng');
    await city.issue();
    const run = randomUUID().slice(0, 8);
    const bills = Array.from({ length: ITEMS }, (_, index) =>
      index === 7
        ? billBody({ Reference: `HP-${run}-${index}`, Category: 'parking' }).Data
        : billBody({ Reference: `HP-${run}-${index}` }).Data,
    );
    const accepted = await city.call(
      'POST',
      '/v1/bill-batches',
      { Data: { Bills: bills } },
      { 'x-idempotency-key': randomUUID() },
    );
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(202);
    const partnerKey = keys.partner(city.clientId).pk;
    let partnerReads = 0;
    const stop = onDynamoCall((touched) => {
      if (touched.key === partnerKey && touched.access === 'read') partnerReads += 1;
    });

    // Act
    try {
      await processBillBatches({ clientId: city.clientId });
    } finally {
      stop();
    }
    const batch = await city.call('GET', `/v1/bill-batches/${accepted.json.Data.BatchId}`);

    // Assess
    expect(batch.json.Data).toMatchObject({ Status: 'Completed', CreatedCount: ITEMS - 1, RefusedCount: 1 });
    expect(partnerReads).toBe(1);
  });
});
